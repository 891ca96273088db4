namespace AnnotateHub.Domain.Tests;

public sealed class TextNormalizerTests
{
    [Fact]
    public void GivenCrLfAndLoneCr_WhenNormalized_ThenEveryLineEndsWithLf()
    {
        Assert.Equal("a\nb\nc\nd", TextNormalizer.Normalize("a\r\nb\rc\nd"));
        Assert.Equal("a\n\nb", TextNormalizer.Normalize("a\r\rb"));
    }

    [Fact]
    public void GivenDecomposedAccent_WhenNormalized_ThenItIsComposedToNfc()
    {
        var normalized = TextNormalizer.Normalize("Cafe\u0301 cre\u0300me");

        Assert.Equal("Caf\u00E9 cr\u00E8me", normalized);
        Assert.Equal(10, new TextIndex(normalized).CodePointLength);
    }

    [Fact]
    public void GivenTrailingSpacesTabsAndUnicodeSpaces_WhenNormalized_ThenTheyAreRemovedButIndentationStays()
    {
        var raw = "  indented line \t\n" + "no-break\u00A0\u00A0\n" + "ideographic\u3000\n" + "\tcode();";

        Assert.Equal("  indented line\nno-break\nideographic\n\tcode();", TextNormalizer.Normalize(raw));
    }

    [Fact]
    public void GivenBlankLinesAtTheEdgesAndInside_WhenNormalized_ThenOnlyTheEdgesAreRemoved()
    {
        var raw = "\n  \n\t\nFirst paragraph.\n\n \nSecond paragraph.\n\n   \n";

        Assert.Equal("First paragraph.\n\n\nSecond paragraph.", TextNormalizer.Normalize(raw));
    }

    [Fact]
    public void GivenNulAndOtherC0Controls_WhenNormalized_ThenTheyAreRemovedExceptTabAndLf()
    {
        var raw = "a\0b\u0001c\u0007d\u000Be\u000Cf\u001Bg\u001Fh\ti\nj";

        Assert.Equal("abcdefgh\ti\nj", TextNormalizer.Normalize(raw));
    }

    [Fact]
    public void GivenAControlBetweenALetterAndItsAccent_WhenNormalized_ThenTheAccentStillComposes()
    {
        Assert.Equal("\u00E9", TextNormalizer.Normalize("e\0\u0301"));
    }

    [Fact]
    public void GivenLoneSurrogates_WhenNormalized_ThenTheyBecomeReplacementCharactersAndPairsSurvive()
    {
        var raw = "a\uD83Db\uDC4Dc\uD83D\uDC4D";

        Assert.Equal("a\uFFFDb\uFFFDc👍", TextNormalizer.Normalize(raw));
    }

    [Fact]
    public void GivenByteOrderMarks_WhenNormalized_ThenTheyAreRemovedEverywhere()
    {
        Assert.Equal("Text", TextNormalizer.Normalize("\uFEFFText"));
        Assert.Equal("word joined", TextNormalizer.Normalize("\n\uFEFF\uFEFFword jo\uFEFFined"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("\r\n  x  \r\n\r\n y \u0301\r\n\0")]
    [InlineData("👨‍👩‍👧‍👦 family\t \n\n\n漢字 テキスト 𠀋")]
    [InlineData("\uFEFF\uFEFF zero width no-break twice")]
    [InlineData("\n\uFEFF\u0301 accent after a blank line")]
    public void GivenAnyText_WhenNormalizedTwice_ThenTheSecondTimeChangesNothing(string raw)
    {
        var once = TextNormalizer.Normalize(raw);

        Assert.Equal(once, TextNormalizer.Normalize(once));
    }

    [Fact]
    public void GivenNormalText_WhenNormalized_ThenEmojiCjkAndInnerSpacingAreUntouched()
    {
        const string text = "👍🏽 and 👨‍👩‍👧‍👦 read 漢字  twice";

        Assert.Equal(text, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void GivenAFragment_WhenNormalized_ThenLineEndingsControlsAndNfcApplyButWhitespaceIsKept()
    {
        Assert.Equal("\n  cafe\u0301 \n".Normalize(System.Text.NormalizationForm.FormC), TextNormalizer.NormalizeFragment("\r\n  cafe\u0301 \0\r"));
    }

    [Fact]
    public void GivenAlreadyNormalText_WhenNormalized_ThenTheSameInstanceIsReturned()
    {
        const string text = "Para one.\n\n\n  Indented para two 👍🏽.\nEnd";

        Assert.Same(text, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void GivenThousandsOfRandomTrickyStrings_WhenNormalized_ThenTheResultMatchesTheWrittenRulesAndIsStable()
    {
        string[] alphabet = ["a", "e", "\u0301", " ", "\t", "\r", "\n", "\r\n", "\0", "\u000B", "\u001F", "\uFEFF", "\u00A0", "\u3000", "\uD83D", "\uDC4D", "👍🏽", "漢", "\u200D"];
        var random = new Random(20250314);

        for (var n = 0; n < 3000; n++)
        {
            var raw = string.Concat(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]));

            var normalized = TextNormalizer.Normalize(raw);

            Assert.Equal(Reference(raw), normalized);
            Assert.Equal(normalized, TextNormalizer.Normalize(normalized));
        }
    }

    /// <summary>The rules of <see cref="TextNormalizer"/>, written as plainly (and slowly) as possible.</summary>
    private static string Reference(string raw)
    {
        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var kept = new System.Text.StringBuilder();
        foreach (var rune in text.EnumerateRunes()) // lone surrogates enumerate as U+FFFD
        {
            var isRemovedControl = rune.Value < 0x20 && rune.Value != '\n' && rune.Value != '\t';
            if (!isRemovedControl && rune.Value != 0xFEFF)
            {
                kept.Append(rune.ToString());
            }
        }

        var lines = kept.ToString().Normalize(System.Text.NormalizationForm.FormC).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines);
    }
}
