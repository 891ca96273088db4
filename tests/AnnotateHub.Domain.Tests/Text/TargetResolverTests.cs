namespace AnnotateHub.Domain.Tests;

public sealed class TargetResolverTests
{
    // "👍🏽" before the claim makes UTF-16 and code point offsets differ by 2.
    private const string Text = "👍🏽 Unemployment fell to 3.5 percent. Inflation fell to 2 percent. Wages fell slightly.";

    private static TextTarget Resolved(Result<TextTarget> result)
    {
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static DomainError Failed(Result<TextTarget> result, string code)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(DomainErrorKind.Invalid, result.Error.Kind);
        return result.Error;
    }

    [Fact]
    public void GivenAUniqueQuote_WhenResolved_ThenPositionIsInCodePointsWithContext()
    {
        var target = Resolved(TargetResolver.Resolve(Text, TargetSpec.ForQuote("3.5 percent")));

        var utf16Start = Text.IndexOf("3.5", StringComparison.Ordinal);
        Assert.Equal(new TextPositionSelector(utf16Start - 2, utf16Start - 2 + 11), target.Position);
        Assert.Equal("3.5 percent", target.Quote.Exact);
        Assert.Equal("👍🏽 Unemployment fell to ", target.Quote.Prefix);
        Assert.Equal(". Inflation fell to 2 percent. W", target.Quote.Suffix);
    }

    [Fact]
    public void GivenAQuoteThatDoesNotOccur_WhenResolved_ThenQuoteNotFound()
    {
        Failed(TargetResolver.Resolve(Text, TargetSpec.ForQuote("4 percent")), ErrorCodes.QuoteNotFound);
        Failed(TargetResolver.Resolve(Text, TargetSpec.ForQuote("unemployment")), ErrorCodes.QuoteNotFound); // ordinal: case matters
    }

    [Fact]
    public void GivenAQuoteOccurringThreeTimes_WhenResolvedWithoutContext_ThenAmbiguousWithCountAndAdvice()
    {
        var error = Failed(TargetResolver.Resolve(Text, TargetSpec.ForQuote("fell")), ErrorCodes.QuoteAmbiguous);

        Assert.Equal(3, Assert.IsType<QuoteAmbiguousError>(error).MatchCount);
        Assert.Contains("ambiguous: 3 matches", error.Message, StringComparison.Ordinal);
        Assert.Contains("add prefix/suffix context", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnAmbiguousQuote_WhenAPrefixIsGiven_ThenTheMatchAfterItIsChosen()
    {
        var target = Resolved(TargetResolver.Resolve(Text, TargetSpec.ForQuote("fell", prefix: "Inflation ")));

        Assert.Equal(Text.IndexOf("Inflation fell", StringComparison.Ordinal) - 2 + 10, target.Position.Start);
    }

    [Fact]
    public void GivenAnAmbiguousQuote_WhenASuffixIsGiven_ThenTheMatchBeforeItIsChosen()
    {
        var target = Resolved(TargetResolver.Resolve(Text, TargetSpec.ForQuote("fell", suffix: " slightly")));

        Assert.Equal(" slightly.", target.Quote.Suffix);
        Assert.EndsWith("Wages ", target.Quote.Prefix, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnAmbiguousQuote_WhenTheContextStillMatchesTwice_ThenAmbiguousWithTheNarrowedCount()
    {
        var error = Failed(TargetResolver.Resolve(Text, TargetSpec.ForQuote("fell", suffix: " to ")), ErrorCodes.QuoteAmbiguous);

        Assert.Equal(2, Assert.IsType<QuoteAmbiguousError>(error).MatchCount);
    }

    [Fact]
    public void GivenAQuoteWithWindowsLineEndings_WhenResolvedAgainstNormalisedText_ThenItMatches()
    {
        var text = TextNormalizer.Normalize("First line\r\nSecond line");

        var target = Resolved(TargetResolver.Resolve(text, TargetSpec.ForQuote("line\r\nSecond")));

        Assert.Equal(new TextPositionSelector(6, 17), target.Position);
    }

    [Fact]
    public void GivenAnEmptyQuote_WhenResolved_ThenQuoteEmpty()
    {
        Failed(TargetResolver.Resolve(Text, TargetSpec.ForQuote("")), ErrorCodes.QuoteEmpty);
    }

    [Fact]
    public void GivenAPosition_WhenResolved_ThenExactAndUpTo32CodePointsOfContextAreFilled()
    {
        var index = new TextIndex(Text);
        var start = index.ToCodePointOffset(Text.IndexOf("Inflation", StringComparison.Ordinal));

        var target = Resolved(TargetResolver.Resolve(index, TargetSpec.ForPosition(start, start + 9)));

        Assert.Equal("Inflation", target.Quote.Exact);
        Assert.Equal(32, TextIndex.CountCodePoints(target.Quote.Prefix));
        Assert.Equal(32, TextIndex.CountCodePoints(target.Quote.Suffix));
        Assert.Equal("ployment fell to 3.5 percent. ", target.Quote.Prefix[2..]);
    }

    [Fact]
    public void GivenAPositionAtTheEdges_WhenResolved_ThenContextIsShorter()
    {
        var index = new TextIndex(Text);

        var atStart = Resolved(TargetResolver.Resolve(index, TargetSpec.ForPosition(0, 2)));
        var atEnd = Resolved(TargetResolver.Resolve(index, TargetSpec.ForPosition(index.CodePointLength - 9, index.CodePointLength)));

        Assert.Equal("👍🏽", atStart.Quote.Exact);
        Assert.Equal("", atStart.Quote.Prefix);
        Assert.Equal("slightly.", atEnd.Quote.Exact);
        Assert.Equal("", atEnd.Quote.Suffix);
    }

    [Theory]
    [InlineData(-1, 3, "range-out-of-bounds")]
    [InlineData(0, 10_000, "range-out-of-bounds")]
    [InlineData(5, 5, "range-empty")]
    [InlineData(9, 4, "range-reversed")]
    public void GivenABadPosition_WhenResolved_ThenTheMatchingRangeError(int start, int end, string code)
    {
        Failed(TargetResolver.Resolve(Text, TargetSpec.ForPosition(start, end)), code);
    }

    [Fact]
    public void GivenAUtf16RangeInsideASurrogatePair_WhenResolved_ThenRangeSplitsSurrogatePair()
    {
        var error = Failed(TargetResolver.FromUtf16Range(Text, 1, 6), ErrorCodes.RangeSplitsSurrogatePair);
        Failed(TargetResolver.FromUtf16Range(Text, 0, 3), ErrorCodes.RangeSplitsSurrogatePair);

        Assert.Contains("emoji", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAValidUtf16Range_WhenResolved_ThenItIsConvertedToCodePoints()
    {
        var utf16Start = Text.IndexOf("Unemployment", StringComparison.Ordinal);

        var target = Resolved(TargetResolver.FromUtf16Range(Text, utf16Start, utf16Start + 12));

        Assert.Equal(new TextPositionSelector(utf16Start - 2, utf16Start + 10), target.Position);
        Assert.Equal("Unemployment", target.Quote.Exact);
        Failed(TargetResolver.FromUtf16Range(Text, 0, Text.Length + 1), ErrorCodes.RangeOutOfBounds);
    }

    [Fact]
    public void GivenEveryRangeOfAnEmojiText_WhenResolvedToAQuoteAndBack_ThenThePositionIsUnchanged()
    {
        var text = TextNormalizer.Normalize("ab 👍🏽 ab 👨‍👩‍👧‍👦 ab 漢字 ab 𠀋 ab");
        var index = new TextIndex(text);

        for (var start = 0; start < index.CodePointLength; start++)
        {
            for (var end = start + 1; end <= index.CodePointLength; end++)
            {
                var fromPosition = Resolved(TargetResolver.Resolve(index, TargetSpec.ForPosition(start, end)));
                var quote = fromPosition.Quote;

                var fromQuote = Resolved(TargetResolver.Resolve(index, TargetSpec.ForQuote(quote.Exact, quote.Prefix, quote.Suffix)));

                Assert.Equal(fromPosition, fromQuote);
            }
        }
    }
}
