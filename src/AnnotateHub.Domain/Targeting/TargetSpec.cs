using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>
/// What a client says it selected: either a quote (<see cref="QuoteTargetSpec"/>) or a code point range
/// (<see cref="PositionTargetSpec"/>). <see cref="TargetResolver.Resolve(TextIndex, TargetSpec)"/> turns it into a
/// full <see cref="TextTarget"/>. In JSON the two are told apart by <c>"type": "quote" | "position"</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(QuoteTargetSpec), "quote")]
[JsonDerivedType(typeof(PositionTargetSpec), "position")]
public abstract record TargetSpec
{
    private protected TargetSpec()
    {
    }

    /// <summary>A quote target: the exact text, optionally with the text just before and after it.</summary>
    public static QuoteTargetSpec ForQuote(string exact, string? prefix = null, string? suffix = null) => new(exact, prefix, suffix);

    /// <summary>A position target: code point offsets, <paramref name="end"/> exclusive.</summary>
    public static PositionTargetSpec ForPosition(int start, int end) => new(start, end);
}

/// <summary>
/// A target given as a quote. Matching is ordinal on the normalised text; when the exact text occurs several
/// times, only the occurrences preceded by <paramref name="Prefix"/> and followed by <paramref name="Suffix"/> count.
/// </summary>
/// <param name="Exact">The selected text (must not be empty).</param>
/// <param name="Prefix">Optional text immediately before the selection.</param>
/// <param name="Suffix">Optional text immediately after the selection.</param>
public sealed record QuoteTargetSpec(string Exact, string? Prefix = null, string? Suffix = null) : TargetSpec;

/// <summary>A target given as a range of Unicode code points of the normalised text.</summary>
/// <param name="Start">First code point offset (inclusive).</param>
/// <param name="End">Last code point offset (exclusive).</param>
public sealed record PositionTargetSpec(int Start, int End) : TargetSpec;
