namespace AnnotateHub.Domain;

/// <summary>
/// Turns a <see cref="TargetSpec"/> into a <see cref="TextTarget"/> carrying both selectors, against one
/// normalised document text. All positions are Unicode code points.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>Quote: the exact text (normalised with <see cref="TextNormalizer.NormalizeFragment"/>) is searched
/// ordinally. One occurrence wins outright. Several: an occurrence counts only when the text before it ends with the
/// prefix and the text after it starts with the suffix; exactly one must remain.</description></item>
/// <item><description>Position: the range must lie inside the text and be non-empty.</description></item>
/// <item><description>Either way the resulting quote carries the actual text around the match:
/// <see cref="ContextLength"/> code points of prefix and suffix, fewer at the edges of the text.</description></item>
/// </list>
/// Errors: <see cref="ErrorCodes.QuoteEmpty"/>, <see cref="ErrorCodes.QuoteNotFound"/>,
/// <see cref="ErrorCodes.QuoteAmbiguous"/> (<see cref="QuoteAmbiguousError"/>), <see cref="ErrorCodes.RangeOutOfBounds"/>,
/// <see cref="ErrorCodes.RangeEmpty"/>, <see cref="ErrorCodes.RangeReversed"/>, <see cref="ErrorCodes.RangeSplitsSurrogatePair"/>;
/// all of kind <see cref="DomainErrorKind.Invalid"/>.
/// </remarks>
public static class TargetResolver
{
    /// <summary>The number of code points of prefix and suffix context stored with a quote.</summary>
    public const int ContextLength = 32;

    /// <summary>Resolves <paramref name="spec"/> against <paramref name="text"/> (normalised document text).</summary>
    public static Result<TextTarget> Resolve(string text, TargetSpec spec) => Resolve(TextIndex.For(text), spec);

    /// <summary>Resolves <paramref name="spec"/> against the indexed normalised document text.</summary>
    public static Result<TextTarget> Resolve(TextIndex index, TargetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(spec);
        return spec switch
        {
            QuoteTargetSpec quote => ResolveQuote(index, quote),
            PositionTargetSpec position => ResolvePosition(index, position.Start, position.End),
            _ => throw new ArgumentException($"Unknown target spec {spec.GetType().Name}.", nameof(spec)),
        };
    }

    /// <summary>
    /// Resolves a range given in UTF-16 code units (e.g. from a browser selection or a .NET string index) by
    /// converting it to code points. Fails with <see cref="ErrorCodes.RangeSplitsSurrogatePair"/> when a boundary
    /// falls inside a surrogate pair.
    /// </summary>
    public static Result<TextTarget> FromUtf16Range(string text, int startUtf16, int endUtf16) =>
        FromUtf16Range(TextIndex.For(text), startUtf16, endUtf16);

    /// <inheritdoc cref="FromUtf16Range(string, int, int)"/>
    public static Result<TextTarget> FromUtf16Range(TextIndex index, int startUtf16, int endUtf16)
    {
        ArgumentNullException.ThrowIfNull(index);
        var rangeError = CheckRange(startUtf16, endUtf16, index.Utf16Length, "UTF-16 units");
        if (rangeError is not null)
        {
            return rangeError;
        }

        if (index.IsSurrogateSplit(startUtf16) || index.IsSurrogateSplit(endUtf16))
        {
            return DomainError.Invalid(
                ErrorCodes.RangeSplitsSurrogatePair,
                $"The range {startUtf16}..{endUtf16} (UTF-16 units) cuts a character such as an emoji in half; select whole characters, or send positions in Unicode code points.");
        }

        return ResolvePosition(index, index.ToCodePointOffset(startUtf16), index.ToCodePointOffset(endUtf16));
    }

    /// <summary>Builds the target for a code point range already known to be valid.</summary>
    private static TextTarget BuildTarget(TextIndex index, int start, int end)
    {
        var exact = index.Slice(start, end);
        var prefix = index.Slice(Math.Max(0, start - ContextLength), start);
        var suffix = index.Slice(end, Math.Min(index.CodePointLength, end + ContextLength));
        return new TextTarget(new TextQuoteSelector(exact, prefix, suffix), new TextPositionSelector(start, end));
    }

    private static Result<TextTarget> ResolvePosition(TextIndex index, int start, int end)
    {
        var rangeError = CheckRange(start, end, index.CodePointLength, "characters");
        if (rangeError is not null)
        {
            return rangeError;
        }

        return BuildTarget(index, start, end);
    }

    private static DomainError? CheckRange(int start, int end, int length, string unit)
    {
        if (start < 0 || end < 0 || start > length || end > length)
        {
            return DomainError.Invalid(
                ErrorCodes.RangeOutOfBounds,
                $"The range {start}..{end} is outside the text, which is {length:N0} {unit} long; select a passage inside the document.");
        }

        if (start == end)
        {
            return DomainError.Invalid(
                ErrorCodes.RangeEmpty,
                $"The range {start}..{end} is empty; select at least one character.");
        }

        if (start > end)
        {
            return DomainError.Invalid(
                ErrorCodes.RangeReversed,
                $"The range starts at {start} after it ends at {end}; send the smaller offset as the start.");
        }

        return null;
    }

    private static Result<TextTarget> ResolveQuote(TextIndex index, QuoteTargetSpec quote)
    {
        var exact = TextNormalizer.NormalizeFragment(quote.Exact ?? string.Empty);
        if (exact.Length == 0)
        {
            return DomainError.Invalid(ErrorCodes.QuoteEmpty, "The quote is empty; select some text to annotate.");
        }

        var prefix = string.IsNullOrEmpty(quote.Prefix) ? string.Empty : TextNormalizer.NormalizeFragment(quote.Prefix);
        var suffix = string.IsNullOrEmpty(quote.Suffix) ? string.Empty : TextNormalizer.NormalizeFragment(quote.Suffix);

        var text = index.Text.AsSpan();
        var total = 0;
        var withContext = 0;
        var firstMatch = -1;
        var firstContextMatch = -1;
        var from = 0;
        while (from <= text.Length - exact.Length)
        {
            var found = text[from..].IndexOf(exact, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            from = at + 1;
            if (index.IsSurrogateSplit(at) || index.IsSurrogateSplit(at + exact.Length))
            {
                continue;
            }

            total++;
            if (firstMatch < 0)
            {
                firstMatch = at;
            }

            if (text[..at].EndsWith(prefix, StringComparison.Ordinal)
                && text[(at + exact.Length)..].StartsWith(suffix, StringComparison.Ordinal))
            {
                withContext++;
                if (firstContextMatch < 0)
                {
                    firstContextMatch = at;
                }
            }
        }

        if (total == 0)
        {
            return DomainError.Invalid(
                ErrorCodes.QuoteNotFound,
                "The quoted text does not occur in the document; select the passage again from the current text.");
        }

        int match;
        if (total == 1)
        {
            match = firstMatch;
        }
        else if (withContext == 1)
        {
            match = firstContextMatch;
        }
        else
        {
            // Several occurrences and the context picks none or several of them.
            return new QuoteAmbiguousError(withContext == 0 ? total : withContext);
        }

        var start = index.ToCodePointOffset(match);
        var end = index.ToCodePointOffset(match + exact.Length);
        return BuildTarget(index, start, end);
    }
}
