using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace AnnotateHub.Domain;

/// <summary>
/// Finds <c>@handle</c> mentions in a Markdown body (an annotation, a reply). Pure: it does not know the members;
/// the caller resolves handles to workspace members and ignores the ones that match nobody.
/// </summary>
/// <remarks>
/// <para>A mention is an <c>@</c> followed by a handle: letters (any script, with their combining marks), digits,
/// <c>.</c>, <c>_</c> and <c>-</c>, containing at least one letter or digit. Dots at the end belong to the sentence,
/// not the handle (<c>"thanks @bob."</c> mentions <c>bob</c>).</para>
/// <para>Not mentions: an <c>@</c> inside an e-mail address or a path (preceded by a handle character or one of
/// <c>+ @ / \ = % &amp; # ~</c>, as in <c>alice@example.org</c>, <c>https://social.example/@bob</c> or an escaped
/// <c>\@bob</c>); a handle directly followed by another <c>@</c> (<c>@bob@example.org</c>, a full address); anything
/// inside inline code (<c>`@bob`</c>, with CommonMark's rule that a run of n backticks is closed by the next run of
/// exactly n) or a fenced code block (<c>```</c> or <c>~~~</c>). Indented code blocks are not recognised.</para>
/// </remarks>
public static class Mentions
{
    /// <summary>
    /// The distinct handles mentioned in <paramref name="body"/>, without the <c>@</c>, in order of first mention.
    /// Handles compare case-insensitively (ordinal); the first spelling is kept. Empty for null or empty input.
    /// </summary>
    public static ImmutableArray<string> Extract(string? body)
    {
        if (string.IsNullOrEmpty(body) || !body.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }

        var handles = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        var atLineStart = true;
        while (i < body.Length)
        {
            if (atLineStart && TryOpenFence(body, i, out var fence, out var fenceLength))
            {
                i = SkipFencedBlock(body, i, fence, fenceLength);
                continue;
            }

            var ch = body[i];
            if (ch == '`')
            {
                var run = RunLength(body, i, '`');
                var close = FindClosingRun(body, i + run, run);
                i = close < 0 ? i + run : close + run;
                atLineStart = false;
                continue;
            }

            if (ch == '@')
            {
                var end = ScanHandle(body, i + 1);
                if (IsMention(body, i, end, out var handle) && seen.Add(handle))
                {
                    handles.Add(handle);
                }

                i = Math.Max(end, i + 1);
                atLineStart = false;
                continue;
            }

            atLineStart = ch == '\n';
            i++;
        }

        return handles.ToImmutable();
    }

    /// <summary>
    /// Where mentions are in plain text (no Markdown code rules: for text already outside code, such as a rendered
    /// literal): each as the index of its <c>@</c> and the length of <c>@handle</c>, in order.
    /// </summary>
    public static IReadOnlyList<(int Start, int Length)> FindInText(string? text)
    {
        var found = new List<(int, int)>();
        if (string.IsNullOrEmpty(text))
        {
            return found;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        while (at >= 0)
        {
            var end = ScanHandle(text, at + 1);
            if (IsMention(text, at, end, out var handle))
            {
                found.Add((at, handle.Length + 1));
            }

            at = text.IndexOf('@', Math.Max(end, at + 1));
        }

        return found;
    }

    /// <summary>
    /// The handle a person is mentioned by: their display name without spaces or punctuation other than <c>. _ -</c>,
    /// lower case (e.g. "Maya Okafor" is <c>mayaokafor</c>). Mentions compare with it case-insensitively.
    /// </summary>
    public static string HandleOf(string displayName) =>
        new string((displayName ?? string.Empty).Where(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-').ToArray()).ToLowerInvariant();

    /// <summary>True when the <c>@</c> at <paramref name="at"/>, with the handle characters up to <paramref name="end"/>, is a mention.</summary>
    private static bool IsMention(string body, int at, int end, out string handle)
    {
        handle = string.Empty;
        if (at > 0 && Rune.DecodeLastFromUtf16(body.AsSpan(0, at), out var previous, out _) == System.Buffers.OperationStatus.Done
            && (IsHandleRune(previous) || previous.Value is '+' or '@' or '/' or '\\' or '=' or '%' or '&' or '#' or '~'))
        {
            return false;
        }

        if (end < body.Length && body[end] == '@')
        {
            return false;
        }

        var trimmedEnd = end;
        while (trimmedEnd > at + 1 && body[trimmedEnd - 1] == '.')
        {
            trimmedEnd--;
        }

        var candidate = body.AsSpan(at + 1, trimmedEnd - at - 1);
        foreach (var rune in candidate.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                handle = candidate.ToString();
                return true;
            }
        }

        return false;
    }

    /// <summary>The index just after the run of handle characters starting at <paramref name="start"/>.</summary>
    private static int ScanHandle(string body, int start)
    {
        var i = start;
        while (i < body.Length && Rune.DecodeFromUtf16(body.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done
            && IsHandleRune(rune))
        {
            i += consumed;
        }

        return i;
    }

    private static bool IsHandleRune(Rune rune) =>
        Rune.IsLetterOrDigit(rune)
        || rune.Value is '.' or '_' or '-'
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static int RunLength(string s, int start, char ch)
    {
        var i = start;
        while (i < s.Length && s[i] == ch)
        {
            i++;
        }

        return i - start;
    }

    /// <summary>The start of the next run of exactly <paramref name="length"/> backticks at or after <paramref name="from"/>, or -1.</summary>
    private static int FindClosingRun(string s, int from, int length)
    {
        var i = from;
        while (i < s.Length)
        {
            var next = s.IndexOf('`', i);
            if (next < 0)
            {
                return -1;
            }

            var run = RunLength(s, next, '`');
            if (run == length)
            {
                return next;
            }

            i = next + run;
        }

        return -1;
    }

    /// <summary>A fence opens on the line at <paramref name="lineStart"/>: up to 3 spaces, then 3+ backticks or tildes.</summary>
    private static bool TryOpenFence(string s, int lineStart, out char fence, out int length)
    {
        fence = '\0';
        length = 0;
        var i = SkipIndent(s, lineStart);
        if (i >= s.Length || s[i] is not ('`' or '~'))
        {
            return false;
        }

        var run = RunLength(s, i, s[i]);
        if (run < 3)
        {
            return false;
        }

        // A backtick fence's info string cannot contain a backtick (else the line is inline code).
        if (s[i] == '`' && s.AsSpan(i + run, LineEnd(s, i) - i - run).Contains('`'))
        {
            return false;
        }

        fence = s[i];
        length = run;
        return true;
    }

    /// <summary>The index of the line after the block's closing fence, or the end of the text when it never closes.</summary>
    private static int SkipFencedBlock(string s, int openingLine, char fence, int length)
    {
        var line = NextLine(s, openingLine);
        while (line < s.Length)
        {
            var i = SkipIndent(s, line);
            var run = RunLength(s, i, fence);
            if (run >= length && s.AsSpan(i + run, LineEnd(s, i) - i - run).IsWhiteSpace())
            {
                return NextLine(s, line);
            }

            line = NextLine(s, line);
        }

        return s.Length;
    }

    private static int SkipIndent(string s, int lineStart)
    {
        var i = lineStart;
        while (i < s.Length && i - lineStart < 3 && s[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private static int LineEnd(string s, int from)
    {
        var end = s.IndexOf('\n', from);
        return end < 0 ? s.Length : end;
    }

    private static int NextLine(string s, int from)
    {
        var end = s.IndexOf('\n', from);
        return end < 0 ? s.Length : end + 1;
    }
}
