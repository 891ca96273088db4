using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>
/// A W3C Web Annotation TextQuoteSelector: the exact selected text plus the text just before and after it
/// (up to <see cref="TargetResolver.ContextLength"/> code points each, fewer at the edges of the text).
/// </summary>
/// <param name="Exact">The selected text; never empty.</param>
/// <param name="Prefix">The text immediately before the selection (empty at the start of the text).</param>
/// <param name="Suffix">The text immediately after the selection (empty at the end of the text).</param>
public sealed record TextQuoteSelector(string Exact, string Prefix, string Suffix);

/// <summary>
/// A W3C Web Annotation TextPositionSelector: a range of the normalised text in Unicode code points.
/// </summary>
/// <param name="Start">The code point offset of the first selected character.</param>
/// <param name="End">The code point offset just after the last selected character (exclusive); greater than <paramref name="Start"/>.</param>
public sealed record TextPositionSelector(int Start, int End)
{
    /// <summary>The number of selected code points (not serialised).</summary>
    [JsonIgnore]
    public int Length => End - Start;
}

/// <summary>
/// Where an annotation points: both selectors, so the target can be re-anchored when the text changes.
/// Produced by <see cref="TargetResolver"/>; the two selectors always agree for the text they were resolved against.
/// </summary>
/// <param name="Quote">The quote with its context.</param>
/// <param name="Position">The code point range.</param>
public sealed record TextTarget(TextQuoteSelector Quote, TextPositionSelector Position);
