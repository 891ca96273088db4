using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>
/// The state of one document and all its annotations: the fold of its events (<see cref="DocumentDecider.Fold(IEnumerable{DocumentEvent})"/>).
/// Immutable; replaced with <c>with</c> by <see cref="DocumentDecider.Evolve"/>. Serialises with System.Text.Json
/// (use <see cref="DomainJson"/>); the text index and the annotation lookup are caches that are never serialised.
/// </summary>
/// <remarks>
/// Collections compare by reference (as <see cref="ImmutableArray{T}"/> does), so compare two states by their
/// serialised JSON or by fields, not with <c>==</c>.
/// </remarks>
public sealed record DocumentState
{
    /// <summary>The snapshot type name for storage; bump the suffix when the stored shape changes incompatibly.</summary>
    public const string SnapshotTypeName = "document-state.v1";

    /// <summary>The default quorum: votes needed before a claim is in consensus or disputed.</summary>
    public const int DefaultQuorum = 2;

    private static readonly ConditionalWeakTable<DocumentState, Dictionary<string, int>> AnnotationIndexes = new();

    /// <summary>The state of a document that has not been created (<see cref="Version"/> 0).</summary>
    public static DocumentState Empty { get; } = new();

    /// <summary>The document id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The workspace that owns the document.</summary>
    public string WorkspaceId { get; init; } = string.Empty;

    /// <summary>The title, trimmed.</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>The normalised text (see <see cref="TextNormalizer"/>); every position refers to it.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Where the text came from, if known (absolute http(s) URL).</summary>
    public string? SourceUrl { get; init; }

    /// <summary>Who created the document.</summary>
    public string CreatedBy { get; init; } = string.Empty;

    /// <summary>When the document was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The sequence of the last applied event; 0 when the document has not been created.</summary>
    public long Version { get; init; }

    /// <summary>Votes needed before a claim is in consensus or disputed (1..<see cref="DomainLimits.MaxQuorum"/>).</summary>
    public int Quorum { get; init; } = DefaultQuorum;

    /// <summary>All annotations in creation order, including deleted ones (tombstones).</summary>
    public ImmutableArray<Annotation> Annotations { get; init; } = [];

    /// <summary>True once the document has been created.</summary>
    [JsonIgnore]
    public bool Exists => Version > 0;

    /// <summary>The code point index of <see cref="Text"/>; built on first use, shared by states with the same text.</summary>
    [JsonIgnore]
    public TextIndex TextIndex => TextIndex.For(Text);

    /// <summary>The annotation with <paramref name="annotationId"/>, live or deleted, or null. O(1).</summary>
    public Annotation? FindAnnotation(string annotationId)
    {
        var i = IndexOfAnnotation(annotationId);
        return i < 0 ? null : Annotations[i];
    }

    /// <summary>Gets the annotation with <paramref name="annotationId"/>, live or deleted. O(1).</summary>
    public bool TryGetAnnotation(string annotationId, [NotNullWhen(true)] out Annotation? annotation)
    {
        annotation = FindAnnotation(annotationId);
        return annotation is not null;
    }

    /// <summary>The position of the annotation in <see cref="Annotations"/>, or -1. O(1) after the first call.</summary>
    public int IndexOfAnnotation(string annotationId)
    {
        ArgumentNullException.ThrowIfNull(annotationId);
        return GetAnnotationIndex().TryGetValue(annotationId, out var i) ? i : -1;
    }

    /// <summary>The cached id -> position map, built on first use. Read-only once published.</summary>
    internal Dictionary<string, int> GetAnnotationIndex()
    {
        if (AnnotationIndexes.TryGetValue(this, out var index))
        {
            return index;
        }

        index = new Dictionary<string, int>(Annotations.Length, StringComparer.Ordinal);
        for (var i = 0; i < Annotations.Length; i++)
        {
            index[Annotations[i].Id] = i;
        }

        return AnnotationIndexes.GetValue(this, _ => index);
    }

    /// <summary>Attaches an index known to match <see cref="Annotations"/> (used by Evolve and Fold).</summary>
    internal DocumentState WithAnnotationIndex(Dictionary<string, int> index)
    {
        AnnotationIndexes.AddOrUpdate(this, index);
        return this;
    }
}
