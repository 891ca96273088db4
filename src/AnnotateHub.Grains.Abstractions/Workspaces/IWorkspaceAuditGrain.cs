namespace AnnotateHub.Grains;

/// <summary>
/// A workspace's audit trail: verifies the hash chains of its documents' event streams against the workspace's chain of
/// sealed document heads (the stream <c>audit/{workspace id}</c>), and seals the current heads. Keyed by workspace id.
/// </summary>
[Alias("annotatehub.workspace-audit")]
public interface IWorkspaceAuditGrain : IGrainWithStringKey
{
    /// <summary>
    /// Verifies every document's chain, and that every document still matches the last seal. When intact and
    /// <paramref name="seal"/> is true, seals the current heads (a new link of the workspace's chain) if they changed.
    /// </summary>
    /// <exception cref="Domain.DomainException">The workspace does not exist (NotFound).</exception>
    Task<AuditVerification> VerifyAsync(bool seal, string actorId);
}

/// <summary>
/// What verification found: "intact", or the first broken link (<see cref="BrokenDocumentId"/>, <see cref="BrokenVersion"/>)
/// and why. <see cref="BrokenDocumentId"/> is <see cref="SealRecord"/> when the workspace's own chain of seals is broken.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.audit-verification")]
public sealed record AuditVerification
{
    /// <summary>What <see cref="BrokenDocumentId"/> says when the broken link is in the workspace's chain of seals.</summary>
    public const string SealRecord = "(workspace seals)";

    [Id(0)]
    public required string WorkspaceId { get; init; }

    [Id(1)]
    public int Documents { get; init; }

    [Id(2)]
    public long Events { get; init; }

    /// <summary>The hash over every document's head (hex), when intact.</summary>
    [Id(3)]
    public string? WorkspaceHead { get; init; }

    [Id(4)]
    public string? BrokenDocumentId { get; init; }

    [Id(5)]
    public long? BrokenVersion { get; init; }

    [Id(6)]
    public string? Reason { get; init; }

    /// <summary>When the seal that the documents were checked against was made (null: none yet).</summary>
    [Id(7)]
    public DateTimeOffset? CheckedAgainstSealAt { get; init; }

    /// <summary>How many seals the workspace's chain holds after this call.</summary>
    [Id(8)]
    public long Seals { get; init; }

    /// <summary>True when this call added a seal.</summary>
    [Id(9)]
    public bool Sealed { get; init; }

    public bool Intact => BrokenDocumentId is null;

    /// <summary>"intact", or "broken at document D, version V: reason".</summary>
    public string Summary => Intact
        ? "intact"
        : $"broken at document {BrokenDocumentId}, version {BrokenVersion}: {Reason}";
}
