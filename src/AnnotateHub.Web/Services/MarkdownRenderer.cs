using Markdig;
using Markdig.Syntax;
using AnnotateHub.Domain;
using Markdig.Syntax.Inlines;

namespace AnnotateHub.Web.Services;

/// <summary>
/// Renders user Markdown (annotation bodies, replies, rationales) to HTML that cannot run script: raw HTML in the
/// source is shown as text, and links or images whose address is not http, https or mailto are shown as their text alone.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    /// <summary>
    /// Rendered HTML by the source string instance: every session showing the same annotation record shares one
    /// rendering, and it goes when the record does.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, string> Rendered = new();

    public static string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? string.Empty : Rendered.GetValue(markdown, Render);

    private static string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsSafeUrl(link.Url))
            {
                // a javascript:, data: or relative address: the link's text, as plain text (no empty link that reloads the page)
                Unwrap(link);
                continue;
            }

            if (link.IsImage)
            {
                // remote images would leak readers' addresses; show them as links instead
                link.IsImage = false;
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafeUrl(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        foreach (var literal in document.Descendants<LiteralInline>().ToList())
        {
            HighlightMentions(literal);
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString().Replace("<a href=\"", "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\" href=\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Wraps each <c>@handle</c> of a text run (not code: code spans are other inlines) in <c>&lt;span class="mention"&gt;</c>.
    /// Only the two fixed tags are raw HTML; the handle stays a literal, escaped like any text.
    /// </summary>
    private static void HighlightMentions(LiteralInline literal)
    {
        var text = literal.Content.ToString();
        var mentions = Mentions.FindInText(text);
        if (mentions.Count == 0 || literal.Parent is null)
        {
            return;
        }

        var at = 0;
        foreach (var (start, length) in mentions)
        {
            if (start > at)
            {
                literal.InsertBefore(new LiteralInline(text[at..start]));
            }

            literal.InsertBefore(new HtmlInline("<span class=\"mention\" style=\"color: var(--mud-palette-primary); font-weight: 600\">"));
            literal.InsertBefore(new LiteralInline(text.Substring(start, length)));
            literal.InsertBefore(new HtmlInline("</span>"));
            at = start + length;
        }

        if (at < text.Length)
        {
            literal.InsertBefore(new LiteralInline(text[at..]));
        }

        literal.Remove();
    }

    /// <summary>Replaces <paramref name="link"/> by its content (the link's text), in place.</summary>
    internal static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }

    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Scheme is "http" or "https" or "mailto";
    }
}
