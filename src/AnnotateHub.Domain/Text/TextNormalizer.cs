using System.Buffers;
using System.Text;

namespace AnnotateHub.Domain;

/// <summary>
/// Normalises document text once, at import; every offset in the domain refers to the normalised text.
/// </summary>
/// <remarks>
/// <para><see cref="Normalize"/> applies these rules, in this order:</para>
/// <list type="number">
/// <item><description>Line endings: every CRLF pair and every lone CR becomes a single LF (<c>\n</c>).</description></item>
/// <item><description>Control characters: NUL and every other C0 control character (U+0000..U+001F) except LF and TAB
/// is removed (so vertical tab, form feed, escape, bell, ... disappear).</description></item>
/// <item><description>Broken UTF-16: a lone (unpaired) surrogate is replaced by U+FFFD REPLACEMENT CHARACTER.</description></item>
/// <item><description>Byte-order marks: every U+FEFF (a byte-order mark, or the deprecated invisible "zero width no-break
/// space") is removed, wherever it is.</description></item>
/// <item><description>Unicode normalisation form C (NFC): canonically equivalent sequences become one form, e.g.
/// "e" + U+0301 COMBINING ACUTE ACCENT becomes "é" (U+00E9).</description></item>
/// <item><description>Trailing whitespace: whitespace at the end of every line (anything <see cref="char.IsWhiteSpace(char)"/>
/// says is whitespace: spaces, tabs, no-break and ideographic spaces, ...) is removed. Leading indentation is kept.</description></item>
/// <item><description>Blank lines at the edges: lines that are empty after rule 6 are removed from the start and the end of
/// the text, so the result neither starts nor ends with a line break. Blank lines inside the text are kept.</description></item>
/// </list>
/// <para>The result is stable: normalising normalised text returns it unchanged.</para>
/// <para><see cref="NormalizeFragment"/> applies rules 1 to 5 only (no trimming); it is used for quotes, bodies,
/// titles, tags and rationales, so that they compare with the normalised text.</para>
/// </remarks>
public static class TextNormalizer
{
    /// <summary>Characters that may need work in rules 1-4: C0 controls but LF and TAB, U+FEFF, surrogates.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\uFEFF" + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>Normalises a whole document text (all rules in the class remarks).</summary>
    /// <param name="raw">The text as imported.</param>
    /// <returns>The normalised text (possibly empty).</returns>
    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var cleaned = Clean(raw);
        var composed = ToNfc(cleaned);
        return TrimLines(composed);
    }

    /// <summary>
    /// Normalises a fragment of text (a quote, body, title, tag or rationale): line endings, control characters,
    /// lone surrogates, byte-order marks and NFC (rules 1 to 5). Whitespace and blank lines are kept.
    /// </summary>
    public static string NormalizeFragment(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return ToNfc(Clean(raw));
    }

    /// <summary>True when <paramref name="c"/> is a C0 control character that normalisation removes (all but LF and TAB).</summary>
    public static bool IsRemovedControl(char c) => c < '\u0020' && c != '\n' && c != '\t' && c != '\r';

    private static string ToNfc(string text) =>
        text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>Rules 1-4 in one pass; returns the input itself when nothing needs changing.</summary>
    private static string Clean(string raw)
    {
        var first = FirstIndexNeedingWork(raw);
        if (first < 0)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length);
        sb.Append(raw, 0, first);
        for (var i = first; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\r')
            {
                sb.Append('\n');
                if (i + 1 < raw.Length && raw[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (IsRemovedControl(c))
            {
                // rule 2: dropped
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
                {
                    sb.Append(c).Append(raw[i + 1]);
                    i++;
                }
                else
                {
                    sb.Append('\uFFFD');
                }
            }
            else if (char.IsLowSurrogate(c))
            {
                sb.Append('\uFFFD');
            }
            else if (c == '\uFEFF')
            {
                // rule 4: dropped
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static int FirstIndexNeedingWork(string raw)
    {
        var span = raw.AsSpan();
        var i = 0;
        while (true)
        {
            var next = span[i..].IndexOfAny(Special);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i += 2; // a valid pair needs no work
                continue;
            }

            return i;
        }
    }

    /// <summary>Rules 6 and 7.</summary>
    private static string TrimLines(string text)
    {
        if (!NeedsTrimming(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var remaining = text.AsSpan();
        var started = false;
        var pendingBlankLines = 0;
        while (true)
        {
            var newline = remaining.IndexOf('\n');
            var line = newline < 0 ? remaining : remaining[..newline];
            var trimmed = line.TrimEnd();
            if (trimmed.IsEmpty)
            {
                if (started)
                {
                    pendingBlankLines++;
                }
            }
            else
            {
                if (started)
                {
                    sb.Append('\n', pendingBlankLines + 1);
                }

                sb.Append(trimmed);
                started = true;
                pendingBlankLines = 0;
            }

            if (newline < 0)
            {
                break;
            }

            remaining = remaining[(newline + 1)..];
        }

        return sb.ToString();
    }

    /// <summary>True when some line ends in whitespace or the text starts or ends with a blank line.</summary>
    private static bool NeedsTrimming(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (char.IsWhiteSpace(text[0]) && text.AsSpan(0, text.IndexOf('\n') is var first and >= 0 ? first : text.Length).IsWhiteSpace())
        {
            return true; // a blank first line
        }

        if (char.IsWhiteSpace(text[^1]))
        {
            return true; // trailing whitespace or a trailing line break
        }

        var i = 0;
        while (true)
        {
            var next = text.AsSpan(i).IndexOf('\n');
            if (next < 0)
            {
                return false;
            }

            i += next;
            if (i > 0 && text[i - 1] != '\n' && char.IsWhiteSpace(text[i - 1]))
            {
                return true; // a line ending in whitespace (empty inner lines are kept as they are)
            }

            i++;
        }
    }
}
