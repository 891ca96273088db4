using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using AnnotateHub.Domain;
using Markdig;

namespace AnnotateHub.Reports;

/// <summary>Imported content as document text, with a title the content suggests (null when it suggests none).</summary>
/// <param name="Text">The normalised text (see <see cref="TextNormalizer.Normalize"/>); may be empty.</param>
/// <param name="Title">HTML: the &lt;title&gt; (or og:title); Markdown: the first heading; text: the first line when it
/// reads as a headline (see <see cref="TextImporter.HeadlineOf"/>); else null.</param>
public sealed record ImportedText(string Text, string? Title);

/// <summary>
/// Turns pasted or uploaded content into the text a document holds. Plain text is kept; HTML and Markdown become the
/// text a reader sees, the way a browser's <c>textContent</c>/<c>innerText</c> would give it. The result is then
/// normalised once with <see cref="TextNormalizer.Normalize"/>, and every offset of the document refers to it.
/// Nothing of the markup survives: the result is only ever text, so hostile HTML imports as harmless text.
/// </summary>
/// <remarks>
/// <para>HTML is parsed as a browser parses it (AngleSharp, HTML5 tree construction: entities and character references
/// are decoded, broken markup is repaired, a bare fragment is put in a body), then the text of the body is written by these rules:</para>
/// <list type="number">
/// <item><description>Not text: comments, the doctype, processing instructions, the whole &lt;head&gt; (title, meta,
/// link, style, script in it), and these elements with everything inside them, wherever they are: script, style,
/// template, noscript, iframe, frame, frameset, object, embed, applet, canvas, audio, video, svg, math, select, datalist,
/// textarea, input, rp; and any element with the <c>hidden</c> attribute. Images contribute nothing (not even alt text).</description></item>
/// <item><description>Whitespace in text: outside &lt;pre&gt;, &lt;listing&gt; and &lt;plaintext&gt;, each run of HTML
/// whitespace (space, tab, LF, CR, form feed) becomes one space; a space at the start or end of a line is dropped.
/// No-break spaces (U+00A0) and other Unicode spaces are text and stay. Inside &lt;pre&gt; text is kept exactly.</description></item>
/// <item><description>Paragraph breaks (a blank line, i.e. two line breaks, before and after): p, h1–h6, blockquote,
/// pre, listing, table, figure, hr, address, and ul/ol/dl that are not inside a list item or dd.</description></item>
/// <item><description>Line breaks (one before and after): every other element a browser shows as a block: div, li,
/// dt, dd, nested lists, tr, thead/tbody/tfoot, caption, section, article, header, footer, nav, aside, main,
/// figcaption, details, summary, dialog, form, fieldset, legend, hgroup, menu, center, search, body.</description></item>
/// <item><description>Breaks between neighbouring blocks do not add up: the larger one wins (a &lt;p&gt; after a
/// &lt;div&gt; gives one blank line). No break is written at the very start.</description></item>
/// <item><description>&lt;br&gt; is always one line break (two &lt;br&gt; give a blank line).</description></item>
/// <item><description>Table cells (td, th) on a row are separated by a tab.</description></item>
/// <item><description>List items get no bullet or number (as textContent).</description></item>
/// </list>
/// <para>Markdown is rendered to HTML by Markdig (CommonMark plus pipe and grid tables, emphasis extras, task lists,
/// footnotes, automatic links) and goes through the same HTML rules. Raw HTML in the Markdown is treated as HTML, so a
/// &lt;script&gt; in it is dropped and never kept as markup. A soft line break inside a Markdown paragraph becomes a
/// space (as a browser shows it); code blocks keep their lines.</para>
/// </remarks>
public static class TextImporter
{
    private static readonly MarkdownPipeline MarkdownPipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseFootnotes()
        .UseAutoLinks()
        .Build();

    /// <summary>Plain text: normalised only.</summary>
    public static string FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TextNormalizer.Normalize(text);
    }

    /// <summary>The text of an HTML document or fragment (see the class remarks), normalised.</summary>
    public static string FromHtml(string html) => ImportHtml(html).Text;

    /// <summary>The text of a Markdown document (rendered, then as HTML; see the class remarks), normalised.</summary>
    public static string FromMarkdown(string markdown) => ImportMarkdown(markdown).Text;

    /// <summary>The text of <paramref name="content"/> in <paramref name="format"/>, with the title it suggests.</summary>
    public static ImportedText Import(string content, ImportFormat format) => format switch
    {
        ImportFormat.Text => ImportText(content),
        ImportFormat.Markdown => ImportMarkdown(content),
        ImportFormat.Html => ImportHtml(content),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown import format."),
    };

    /// <summary>
    /// The text of file content in <paramref name="format"/>, decoded as a URL import decodes a body without a
    /// Content-Type: a byte-order mark wins; then, for HTML, a <c>&lt;meta charset&gt;</c> in the first 1024 bytes;
    /// else UTF-8 (bytes that do not decode become U+FFFD).
    /// </summary>
    public static ImportedText Import(byte[] content, ImportFormat format)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Import(UrlImporter.Decode(content, null, format), format);
    }

    /// <summary>Plain text, normalised, and its first line as the title when that line reads as a headline.</summary>
    public static ImportedText ImportText(string text)
    {
        var normalized = FromText(text);
        return new ImportedText(normalized, HeadlineOf(normalized));
    }

    /// <summary>The longest first line taken as a headline, in characters.</summary>
    public const int MaxHeadlineLength = 200;

    /// <summary>The most words in a first line taken as a headline.</summary>
    public const int MaxHeadlineWords = 30;

    /// <summary>
    /// The first line of a pasted text when it reads as a headline, else null. It does when more text follows it, it has
    /// at most <see cref="MaxHeadlineLength"/> characters and <see cref="MaxHeadlineWords"/> words, holds a letter,
    /// and does not end as a sentence or clause goes on (a period, comma, semicolon, colon or dash; "?" and "!" are
    /// fine, and so is an abbreviation's period such as "U.S."). So "Riverton budget: what the council said" is a
    /// title, and "The council met on Tuesday to discuss the budget." is the first sentence of the text.
    /// </summary>
    public static string? HeadlineOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        if (end <= 0 || string.IsNullOrWhiteSpace(text[end..]))
        {
            return null;
        }

        var line = CleanTitle(text[..end]);
        if (line is null || line.Length > MaxHeadlineLength || !line.Any(char.IsLetter))
        {
            return null;
        }

        if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > MaxHeadlineWords)
        {
            return null;
        }

        var last = line[^1];
        if (last is ',' or ';' or ':' or '-' or '\u2013' or '\u2014' or '(' or '[')
        {
            return null;
        }

        if (last == '.' && !EndsWithAbbreviation(line))
        {
            return null;
        }

        return line;
    }

    // "U.S." or "St." at the end: a period that ends a short abbreviation, not a sentence ("...", "etc." end sentences).
    private static bool EndsWithAbbreviation(string line)
    {
        var word = line[(line.LastIndexOf(' ') + 1)..];
        return !word.EndsWith("..", StringComparison.Ordinal) &&
               (word.Count(c => c == '.') > 1 || (word.Length <= 4 && char.IsUpper(word[0]) && !word.Equals("etc.", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>HTML text and its title: the &lt;title&gt;, else the og:title meta property, else null.</summary>
    public static ImportedText ImportHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = Parse(html);
        var root = (INode?)document.Body ?? document.DocumentElement;
        var text = root is null ? string.Empty : HtmlText.Extract(root);
        return new ImportedText(TextNormalizer.Normalize(text), TitleOf(document));
    }

    /// <summary>Markdown text and its title: the text of its first heading, else null.</summary>
    public static ImportedText ImportMarkdown(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var html = Markdown.ToHtml(markdown, MarkdownPipeline);
        var document = Parse(html);
        var root = (INode?)document.Body ?? document.DocumentElement;
        var text = root is null ? string.Empty : HtmlText.Extract(root);
        var heading = document.QuerySelector("h1, h2, h3, h4, h5, h6");
        var title = heading is null ? null : CleanTitle(HtmlText.Extract(heading));
        return new ImportedText(TextNormalizer.Normalize(text), title);
    }

    /// <summary>The title of an HTML document: its &lt;title&gt;, else og:title; whitespace collapsed; null when neither is there.</summary>
    public static string? TitleOf(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return TitleOf(Parse(html));
    }

    private static IHtmlDocument Parse(string html) =>
        new HtmlParser(new HtmlParserOptions { IsScripting = false, IsNotConsumingCharacterReferences = false }).ParseDocument(html);

    private static string? TitleOf(IDocument document)
    {
        var title = CleanTitle(document.QuerySelector("title")?.TextContent);
        if (title is not null)
        {
            return title;
        }

        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            var property = meta.GetAttribute("property") ?? meta.GetAttribute("name");
            if (string.Equals(property?.Trim(), "og:title", StringComparison.OrdinalIgnoreCase))
            {
                var og = CleanTitle(meta.GetAttribute("content"));
                if (og is not null)
                {
                    return og;
                }
            }
        }

        return null;
    }

    /// <summary>Collapses whitespace runs to one space and trims; null when nothing is left.</summary>
    internal static string? CleanTitle(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var sb = new StringBuilder(raw.Length);
        var space = false;
        foreach (var c in TextNormalizer.NormalizeFragment(raw))
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
