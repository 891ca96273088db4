using AnnotateHub.Domain;

namespace AnnotateHub.Grains;

/// <summary>What one accepted command did: the document's version after it and the events it produced (none for a no-op).</summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.document-change")]
public sealed record DocumentChange(string DocumentId, long Version, IReadOnlyList<DocumentEvent> Events)
{
    /// <summary>The id of the annotation the change is about, when it is about one.</summary>
    public string? AnnotationId => Events.OfType<AnnotationEvent>().Select(e => e.AnnotationId).FirstOrDefault();
}
