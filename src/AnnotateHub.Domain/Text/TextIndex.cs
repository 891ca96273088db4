using System.Runtime.CompilerServices;

namespace AnnotateHub.Domain;

/// <summary>
/// Converts between UTF-16 indexes (what .NET strings use) and Unicode code point offsets (what every position
/// in the domain uses) for one text. Built once per text in a single vectorised pass; immutable and thread-safe.
/// </summary>
/// <remarks>
/// The index stores only the UTF-16 positions of surrogate pairs, so a text without characters outside the
/// Basic Multilingual Plane costs nothing and conversions are O(log p) for p pairs. A lone surrogate counts as
/// one code point (normalised text never contains one). Use <see cref="For"/> to share one index per text instance.
/// </remarks>
public sealed class TextIndex
{
    private static readonly ConditionalWeakTable<string, TextIndex> Cache = new();

    /// <summary>UTF-16 index of the high surrogate of every valid surrogate pair, ascending.</summary>
    private readonly int[] _pairStarts;

    /// <summary>Builds the index of <paramref name="text"/>.</summary>
    public TextIndex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        _pairStarts = FindPairs(text);
        CodePointLength = text.Length - _pairStarts.Length;
    }

    /// <summary>The indexed text.</summary>
    public string Text { get; }

    /// <summary>The length of the text in UTF-16 code units (<see cref="string.Length"/>).</summary>
    public int Utf16Length => Text.Length;

    /// <summary>The length of the text in Unicode code points.</summary>
    public int CodePointLength { get; }

    /// <summary>
    /// The index of <paramref name="text"/>, built on first use and cached for as long as that string instance
    /// is alive (states derived with <c>with</c> share their text instance, so they share the index).
    /// </summary>
    public static TextIndex For(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cache.GetValue(text, static t => new TextIndex(t));
    }

    /// <summary>Counts the code points of <paramref name="text"/> (a lone surrogate counts as one).</summary>
    public static int CountCodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        var i = 0;
        while (i < text.Length - 1)
        {
            var next = text[i..].IndexOfAnyInRange('\uD800', '\uDBFF');
            if (next < 0)
            {
                break;
            }

            i += next;
            if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i += 2;
            }
            else
            {
                i++;
            }
        }

        return count;
    }

    /// <summary>
    /// True when <paramref name="utf16Index"/> falls between the high and low surrogate of a pair, i.e. a
    /// boundary there would split one code point. False for 0, <see cref="Utf16Length"/> and out-of-range indexes.
    /// </summary>
    public bool IsSurrogateSplit(int utf16Index) =>
        utf16Index > 0
        && utf16Index < Text.Length
        && char.IsHighSurrogate(Text[utf16Index - 1])
        && char.IsLowSurrogate(Text[utf16Index]);

    /// <summary>Converts a UTF-16 index (0..<see cref="Utf16Length"/>) to a code point offset.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the text.</exception>
    /// <exception cref="ArgumentException">The index splits a surrogate pair (see <see cref="IsSurrogateSplit"/>).</exception>
    public int ToCodePointOffset(int utf16Index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(utf16Index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utf16Index, Text.Length);
        if (IsSurrogateSplit(utf16Index))
        {
            throw new ArgumentException($"UTF-16 index {utf16Index} splits a surrogate pair.", nameof(utf16Index));
        }

        return utf16Index - CountPairsStartingBefore(utf16Index);
    }

    /// <summary>Converts a code point offset (0..<see cref="CodePointLength"/>) to a UTF-16 index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is outside the text.</exception>
    public int ToUtf16Index(int codePointOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(codePointOffset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(codePointOffset, CodePointLength);

        // Pair k starts at code point offset _pairStarts[k] - k (strictly increasing in k).
        // Count the pairs starting before the offset: each adds one extra UTF-16 unit.
        int lo = 0, hi = _pairStarts.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_pairStarts[mid] - mid < codePointOffset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return codePointOffset + lo;
    }

    /// <summary>The text between two code point offsets (<paramref name="end"/> exclusive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the text or reversed.</exception>
    public string Slice(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        var from = ToUtf16Index(start);
        var to = ToUtf16Index(end);
        return Text.Substring(from, to - from);
    }

    private int CountPairsStartingBefore(int utf16Index)
    {
        var i = Array.BinarySearch(_pairStarts, utf16Index);
        return i >= 0 ? i : ~i;
    }

    private static int[] FindPairs(string text)
    {
        var span = text.AsSpan();
        List<int>? pairs = null;
        var i = 0;
        while (i < span.Length - 1)
        {
            var next = span[i..].IndexOfAnyInRange('\uD800', '\uDBFF');
            if (next < 0)
            {
                break;
            }

            i += next;
            if (i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                (pairs ??= []).Add(i);
                i += 2;
            }
            else
            {
                i++;
            }
        }

        return pairs is null ? [] : [.. pairs];
    }
}
