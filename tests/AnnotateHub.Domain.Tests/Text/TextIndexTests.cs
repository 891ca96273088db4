using System.Diagnostics;
using System.Text;

namespace AnnotateHub.Domain.Tests;

public sealed class TextIndexTests
{
    private const string ThumbsUp = "👍🏽"; // U+1F44D U+1F3FD: 2 code points, 4 UTF-16 units
    private const string Family = "👨‍👩‍👧‍👦"; // 4 emoji + 3 ZWJ: 7 code points, 11 UTF-16 units

    [Fact]
    public void GivenAsciiText_ThenCodePointsEqualUtf16Units()
    {
        var index = new TextIndex("hello");

        Assert.Equal(5, index.CodePointLength);
        Assert.Equal(3, index.ToCodePointOffset(3));
        Assert.Equal(3, index.ToUtf16Index(3));
    }

    [Fact]
    public void GivenSkinToneEmoji_ThenEachSurrogatePairIsOneCodePoint()
    {
        var index = new TextIndex("a" + ThumbsUp + "b");

        Assert.Equal(6, index.Utf16Length);
        Assert.Equal(4, index.CodePointLength);
        Assert.Equal([0, 1, 3, 5, 6], Enumerable.Range(0, 5).Select(index.ToUtf16Index));
        Assert.Equal(3, index.ToCodePointOffset(5));
        Assert.True(index.IsSurrogateSplit(2));
        Assert.True(index.IsSurrogateSplit(4));
        Assert.False(index.IsSurrogateSplit(3));
        Assert.Equal(ThumbsUp, index.Slice(1, 3));
    }

    [Fact]
    public void GivenFamilyZwjSequence_ThenItCountsSevenCodePoints()
    {
        var index = new TextIndex("x" + Family + "y");

        Assert.Equal(13, index.Utf16Length);
        Assert.Equal(9, index.CodePointLength);
        Assert.Equal("y", index.Slice(8, 9));
        Assert.Equal(Family, index.Slice(1, 8));
        Assert.Equal("\u200D", index.Slice(2, 3));
    }

    [Fact]
    public void GivenCombiningAccent_ThenItIsItsOwnCodePointUntilNfcComposesIt()
    {
        var decomposed = new TextIndex("e\u0301!");
        var composed = new TextIndex(TextNormalizer.Normalize("e\u0301!"));

        Assert.Equal(3, decomposed.CodePointLength);
        Assert.Equal(2, composed.CodePointLength);
        Assert.Equal("\u00E9", composed.Slice(0, 1));
    }

    [Fact]
    public void GivenCjkText_ThenBmpIdeographsAreOneUnitAndExtensionBIsAPair()
    {
        var index = new TextIndex("漢字𠀋テキスト");

        Assert.Equal(7, index.CodePointLength);
        Assert.Equal(8, index.Utf16Length);
        Assert.Equal("𠀋", index.Slice(2, 3));
        Assert.Equal("テキスト", index.Slice(3, 7));
        Assert.Equal(4, index.ToUtf16Index(3));
    }

    [Fact]
    public void GivenMixedText_ThenConversionsAgreeWithRuneEnumerationAtEveryBoundary()
    {
        var text = "A" + ThumbsUp + " é " + Family + " 漢𠀋字 \uD83D end";
        var index = new TextIndex(text);
        var boundaries = new List<int> { 0 };
        foreach (var rune in text.EnumerateRunes())
        {
            boundaries.Add(boundaries[^1] + rune.Utf16SequenceLength); // a lone surrogate enumerates as U+FFFD, one unit
        }

        Assert.Equal(boundaries.Count - 1, index.CodePointLength);
        for (var cp = 0; cp < boundaries.Count; cp++)
        {
            Assert.Equal(boundaries[cp], index.ToUtf16Index(cp));
            Assert.Equal(cp, index.ToCodePointOffset(boundaries[cp]));
        }
    }

    [Fact]
    public void GivenAnIndexInsideASurrogatePair_WhenConverted_ThenItThrows()
    {
        var index = new TextIndex(ThumbsUp);

        Assert.Throws<ArgumentException>(() => index.ToCodePointOffset(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.ToCodePointOffset(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.ToUtf16Index(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.ToUtf16Index(-1));
    }

    [Fact]
    public void GivenTheSameStringInstance_WhenIndexedTwice_ThenTheIndexIsShared()
    {
        var text = new string('x', 10) + ThumbsUp;

        Assert.Same(TextIndex.For(text), TextIndex.For(text));
        Assert.Equal(TextIndex.CountCodePoints(text), TextIndex.For(text).CodePointLength);
    }

    [Fact]
    public void GivenFiveMegabytesWithEmojiEverywhere_WhenIndexedAndQueried_ThenEveryOffsetIsRight()
    {
        var line = "The rate fell 👍🏽 to 3.5 percent 漢字 " + Family + "\n";
        var lineCodePoints = line.EnumerateRunes().Count();
        var builder = new StringBuilder();
        while (builder.Length < 5_000_000)
        {
            builder.Append(line);
        }

        var text = builder.ToString();
        var lines = text.Length / line.Length;
        var index = new TextIndex(text);
        var sum = 0L;
        for (var i = 0; i < 100_000; i++)
        {
            sum += index.ToUtf16Index(i * 7 % index.CodePointLength);
        }

        Assert.True(sum > 0);
        Assert.Equal(lines * lineCodePoints, index.CodePointLength);
        Assert.Equal((lines - 1) * line.Length, index.ToUtf16Index((lines - 1) * lineCodePoints));
        Assert.Equal(line, index.Slice((lines - 1) * lineCodePoints, lines * lineCodePoints));
    }
}
