namespace AnnotateHub.Grains;

/// <summary>Where a published claim lives: its public slug and the workspace, document and annotation it names.</summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.public-claim-ref")]
public sealed record PublicClaimRef(
    [property: Id(0)] string Slug,
    [property: Id(1)] string WorkspaceId,
    [property: Id(2)] string DocumentId,
    [property: Id(3)] string AnnotationId);

/// <summary>
/// One public address <c>/c/{slug}</c>, keyed by the slug: which claim it names, kept in grain storage (so on every store
/// and every node). A slug names one claim forever; whether the claim is public now is the document's to say
/// (<see cref="Domain.Annotation.IsPublished"/>).
/// </summary>
[Alias("annotatehub.public-claim")]
public interface IPublicClaimGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the claim this slug names, and lists it under its workspace. Idempotent for the same claim.
    /// </summary>
    /// <returns>False when the slug already names another claim (nothing is changed).</returns>
    Task<bool> RegisterAsync(PublicClaimRef claim);

    /// <summary>The claim this slug names, or null.</summary>
    Task<PublicClaimRef?> GetAsync();
}

/// <summary>The claims of one workspace that were ever published, keyed by workspace id (for its public list and feed).</summary>
[Alias("annotatehub.workspace-publications")]
public interface IWorkspacePublicationsGrain : IGrainWithStringKey
{
    Task AddAsync(PublicClaimRef claim);

    Task<IReadOnlyList<PublicClaimRef>> ListAsync();
}

/// <summary>The persisted state of <see cref="IPublicClaimGrain"/> and <see cref="IWorkspacePublicationsGrain"/>.</summary>
[GenerateSerializer]
[Alias("annotatehub.public-claims-state")]
public sealed record PublicClaimsState
{
    [Id(0)]
    public System.Collections.Immutable.ImmutableArray<PublicClaimRef> Claims { get; init; } = [];
}

/// <summary>
/// One workspace's public address <c>/p/{slug}</c>, keyed by the slug: which workspace holds it, kept in grain storage so
/// that two workspaces can never hold the same one, on any node.
/// </summary>
[Alias("annotatehub.public-workspace")]
public interface IPublicWorkspaceGrain : IGrainWithStringKey
{
    /// <summary>Gives the slug to <paramref name="workspaceId"/>. False when another workspace holds it (nothing changes).</summary>
    Task<bool> ClaimAsync(string workspaceId);

    /// <summary>Frees the slug if <paramref name="workspaceId"/> holds it.</summary>
    Task ReleaseAsync(string workspaceId);

    /// <summary>The workspace holding the slug, or null.</summary>
    Task<string?> GetAsync();
}

/// <summary>The persisted state of <see cref="IPublicWorkspaceGrain"/>.</summary>
[GenerateSerializer]
[Alias("annotatehub.public-workspace-state")]
public sealed record PublicWorkspaceState
{
    [Id(0)]
    public string? WorkspaceId { get; init; }
}
