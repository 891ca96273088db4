using System.Net;
using System.Text;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Turns imported content into the plain text a document holds: "text" as it is, "markdown" through Markdig's plain
/// text renderer, "html" the way a browser shows it (block elements on their own lines, script, style and other
/// non-rendered elements dropped, entities decoded). The domain normalises the result once more.
/// </summary>
public static class DocumentImport
{
    public static readonly IReadOnlyList<string> Formats = ["text", "markdown", "html"];

    /// <summary>The plain text of <paramref name="content"/>; an unknown format throws a 422 <see cref="ApiException"/>.</summary>
    public static string ToText(string content, string? format) => (format ?? "text").Trim().ToLowerInvariant() switch
    {
        "" or "text" => content,
        "markdown" => Markdig.Markdown.ToPlainText(content),
        "html" => HtmlToText(content),
        _ => throw ApiProblems.Invalid(
            ApiProblems.FormatUnknown,
            $"\"{format}\" is not an import format; use one of: {string.Join(", ", Formats)}."),
    };

    // Elements whose content is never rendered as text.
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "head", "title", "iframe", "object", "svg", "math", "textarea", "select",
    };

    // Elements that start a new paragraph (a blank line before and after).
    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table", "figure", "hr", "address",
    };

    // Elements that start a new line.
    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "li", "dt", "dd", "tr", "section", "article", "header", "footer", "nav", "aside", "main",
        "figcaption", "caption", "details", "summary", "form", "fieldset", "legend", "body", "html",
    };

    // Elements whose end is followed by a space so that neighbouring cells do not run together.
    private static readonly HashSet<string> Cells = new(StringComparer.OrdinalIgnoreCase) { "td", "th" };

    /// <summary>
    /// The text of an HTML document or fragment. A single forward scan (linear in the input): comments, doctype and
    /// processing instructions are skipped, the content of <see cref="Dropped"/> elements is skipped up to their end
    /// tag, whitespace collapses as in normal flow except inside &lt;pre&gt;, and entities are decoded.
    /// </summary>
    public static string HtmlToText(string html)
    {
        var output = new StringBuilder(html.Length);
        var pending = new StringBuilder();
        var preDepth = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var textEnd = lt < 0 ? html.Length : lt;
            if (textEnd > i)
            {
                pending.Append(html, i, textEnd - i);
            }

            if (lt < 0)
            {
                break;
            }

            if (!TryReadMarkup(html, lt, out var next, out var tag, out var closing))
            {
                // A '<' that starts no markup ("a < b") is text.
                pending.Append('<');
                i = lt + 1;
                continue;
            }

            FlushText(output, pending, preDepth > 0);
            i = next;
            if (tag is null)
            {
                continue;
            }

            if (!closing && Dropped.Contains(tag))
            {
                i = SkipElement(html, i, tag);
                continue;
            }

            if (tag.Equals("pre", StringComparison.OrdinalIgnoreCase))
            {
                preDepth = Math.Max(0, preDepth + (closing ? -1 : 1));
            }

            if (tag.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                TrimTrailingSpaces(output);
                output.Append('\n');
            }
            else if (Paragraphs.Contains(tag))
            {
                Break(output, 2);
            }
            else if (Lines.Contains(tag))
            {
                Break(output, 1);
            }
            else if (closing && Cells.Contains(tag))
            {
                output.Append(' ');
            }
        }

        FlushText(output, pending, preDepth > 0);
        return output.ToString().Trim();
    }

    /// <summary>Reads the markup starting at <paramref name="lt"/>: a comment, a declaration, or a start or end tag (then <paramref name="tag"/> is its name).</summary>
    private static bool TryReadMarkup(string html, int lt, out int next, out string? tag, out bool closing)
    {
        tag = null;
        closing = false;
        next = lt + 1;
        if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
        {
            var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
            next = end < 0 ? html.Length : end + 3;
            return true;
        }

        if (lt + 1 < html.Length && html[lt + 1] is '!' or '?')
        {
            var end = html.IndexOf('>', lt + 2);
            next = end < 0 ? html.Length : end + 1;
            return true;
        }

        var p = lt + 1;
        if (p < html.Length && html[p] == '/')
        {
            closing = true;
            p++;
        }

        var nameStart = p;
        if (p >= html.Length || !char.IsAsciiLetter(html[p]))
        {
            return false;
        }

        while (p < html.Length && (char.IsAsciiLetterOrDigit(html[p]) || html[p] == '-'))
        {
            p++;
        }

        tag = html[nameStart..p];

        // Attributes: up to the first '>' that is not inside a quoted value.
        char quote = '\0';
        while (p < html.Length)
        {
            var c = html[p];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                break;
            }

            p++;
        }

        next = Math.Min(html.Length, p + 1);
        return true;
    }

    /// <summary>Skips to just after the end tag of <paramref name="tag"/> (or to the end of the input when it has none).</summary>
    private static int SkipElement(string html, int from, string tag)
    {
        var search = from;
        while (true)
        {
            var end = html.IndexOf("</" + tag, search, StringComparison.OrdinalIgnoreCase);
            if (end < 0)
            {
                return html.Length;
            }

            var after = end + 2 + tag.Length;
            if (after >= html.Length || (!char.IsAsciiLetterOrDigit(html[after]) && html[after] != '-'))
            {
                var close = html.IndexOf('>', after);
                return close < 0 ? html.Length : close + 1;
            }

            search = after;
        }
    }

    private static void FlushText(StringBuilder output, StringBuilder pending, bool preformatted)
    {
        if (pending.Length == 0)
        {
            return;
        }

        var raw = pending.ToString();
        pending.Clear();
        if (!preformatted)
        {
            raw = CollapseWhitespace(raw);
            if (output.Length == 0 || output[^1] is '\n' or ' ')
            {
                raw = raw.TrimStart(' ');
            }
        }

        output.Append(WebUtility.HtmlDecode(raw));
    }

    /// <summary>Runs of HTML whitespace (space, tab, line breaks, form feed) become one space; no-break spaces stay.</summary>
    private static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inSpace = false;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                if (!inSpace)
                {
                    sb.Append(' ');
                }

                inSpace = true;
            }
            else
            {
                sb.Append(c);
                inSpace = false;
            }
        }

        return sb.ToString();
    }

    /// <summary>Ends the current line and makes sure at least <paramref name="lineBreaks"/> line breaks separate it from what follows.</summary>
    private static void Break(StringBuilder output, int lineBreaks)
    {
        TrimTrailingSpaces(output);

        if (output.Length == 0)
        {
            return;
        }

        var existing = 0;
        for (var k = output.Length - 1; k >= 0 && output[k] == '\n'; k--)
        {
            existing++;
        }

        for (; existing < lineBreaks; existing++)
        {
            output.Append('\n');
        }
    }

    private static void TrimTrailingSpaces(StringBuilder output)
    {
        while (output.Length > 0 && output[^1] == ' ')
        {
            output.Length--;
        }
    }
}
