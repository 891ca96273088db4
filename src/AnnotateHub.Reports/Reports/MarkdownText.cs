using System.Text;

namespace AnnotateHub.Reports;

/// <summary>
/// Writes user text into Markdown as literal text: whatever it contains renders as those characters, never as
/// markup, HTML or a link. Inline: ASCII punctuation that Markdown or GFM gives meaning (\ ` * _ [ ] &lt; &gt; | ~ &amp;
/// and ! before [) is backslash-escaped; at the start of a line, the characters that open a block (# - + = &gt; and
/// "1." / "1)") are escaped too, and leading spaces are dropped so that no line becomes a code block. Each line that
/// could change the direction of what follows it is wrapped in Unicode isolates (<see cref="BidiText"/>).
/// </summary>
internal static class MarkdownText
{
    /// <summary>One line of literal text (line breaks become spaces).</summary>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        AppendLine(sb, text.Replace("\r", " ", StringComparison.Ordinal).Replace('\n', ' ').Trim(), true);
        return BidiText.Isolate(sb.ToString());
    }

    /// <summary>
    /// Literal text of several lines: blank lines are dropped, the others joined by hard line breaks (a backslash at
    /// the end of a line) and each continuation line prefixed with <paramref name="indent"/> (e.g. "  " inside a list item, "&gt; " in a quote).
    /// </summary>
    public static string Block(string? text, string indent = "")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 16);
        var first = true;
        foreach (var raw in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!first)
            {
                sb.Append("\\\n").Append(indent);
            }

            var escaped = new StringBuilder(line.Length + 8);
            AppendLine(escaped, line, true);
            sb.Append(BidiText.Isolate(escaped.ToString()));
            first = false;
        }

        return sb.ToString();
    }

    /// <summary>
    /// Literal text of one line, kept as it is (no trimming but at the start of a line, where leading whitespace
    /// is dropped and block openers are escaped).
    /// </summary>
    public static void AppendFragment(StringBuilder sb, string text, bool atLineStart)
    {
        var isolate = BidiText.AffectsDirection(text);
        if (isolate)
        {
            sb.Append(BidiText.FirstStrongIsolate);
        }

        AppendLine(sb, atLineStart ? text.TrimStart() : text, atLineStart);
        if (isolate)
        {
            sb.Append(BidiText.PopDirectionalIsolate);
        }
    }

    /// <summary>True for characters next to which emphasis markers may not open or close (CommonMark: Unicode punctuation or symbols).</summary>
    public static bool IsPunctuation(char c) =>
        char.IsPunctuation(c) || char.IsSymbol(c) || char.IsSurrogate(c) || (c < 128 && char.IsAsciiLetterOrDigit(c) is false && !char.IsWhiteSpace(c) && !char.IsControl(c));

    private static void AppendLine(StringBuilder sb, string line, bool atLineStart)
    {
        var start = 0;
        if (atLineStart && line.Length > 0)
        {
            // Block openers: "# ", "- ", "+ ", "= " (setext), "> ", and ordered-list markers "12." / "12)".
            if (line[0] is '#' or '-' or '+' or '=' or '>')
            {
                sb.Append('\\').Append(line[0]);
                start = 1;
            }
            else if (char.IsAsciiDigit(line[0]))
            {
                var i = 0;
                while (i < line.Length && char.IsAsciiDigit(line[i]))
                {
                    i++;
                }

                if (i < line.Length && line[i] is '.' or ')')
                {
                    sb.Append(line, 0, i).Append('\\').Append(line[i]);
                    start = i + 1;
                }
            }
        }

        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '&' || (c == '!' && i + 1 < line.Length && line[i + 1] == '['))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }
    }
}
