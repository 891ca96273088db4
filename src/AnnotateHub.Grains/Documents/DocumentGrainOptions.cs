using AnnotateHub.Domain;

namespace AnnotateHub.Grains;

/// <summary>Settings of <see cref="DocumentGrain"/>.</summary>
public sealed class DocumentGrainOptions
{
    /// <summary>The domain's limits (text size, title, body, tags).</summary>
    public DomainLimits Limits { get; set; } = new();

    /// <summary>Save a snapshot after this many events since the last one.</summary>
    public int SnapshotEvery { get; set; } = 256;

    /// <summary>On deactivation, save a snapshot when at least this many events are not in one.</summary>
    public int SnapshotOnDeactivateAfter { get; set; } = 16;

    /// <summary>
    /// How long a presence session lasts without being renewed (default 90 s). Tabs renew with
    /// <see cref="IDocumentGrain.JoinAsync"/> every third of it.
    /// </summary>
    public TimeSpan PresenceLifetime { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The most sessions (tabs) present on one document at once (default 1,000); one more is refused.</summary>
    public int MaxPresenceSessions { get; set; } = 1_000;

    /// <summary>The longest display name kept for presence (default 100 characters); longer ones are cut.</summary>
    public int MaxPresenceNameLength { get; set; } = 100;
}
