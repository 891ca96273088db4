using AnnotateHub.Domain;

namespace AnnotateHub.Grains;

public sealed class DocumentGrainOptions
{
    /// <summary>The domain's limits (text size, title, body, tags).</summary>
    public DomainLimits Limits { get; set; } = new();

    /// <summary>Save a snapshot after this many events since the last one.</summary>
    public int SnapshotEvery { get; set; } = 256;

    /// <summary>On deactivation, save a snapshot when at least this many events are not in one.</summary>
    public int SnapshotOnDeactivateAfter { get; set; } = 16;
}
