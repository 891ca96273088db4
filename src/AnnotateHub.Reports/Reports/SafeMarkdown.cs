using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AnnotateHub.Reports;

/// <summary>
/// User Markdown (bodies, rationales, replies, notes) as HTML that cannot run script: raw HTML in the source is
/// written as text (Markdig's DisableHtml); links and autolinks whose address is not http, https or mailto become their
/// text alone; images become links (a report never loads anything).
/// </summary>
internal static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            link.IsImage = false;
            if (!ReportFacts.IsSafeUrl(link.Url))
            {
                // the link's text alone, as plain text: no empty link
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
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!ReportFacts.IsSafeUrl(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        var sb = new StringBuilder();
        using (var writer = new StringWriter(sb))
        {
            var renderer = new Markdig.Renderers.HtmlRenderer(writer);
            Pipeline.Setup(renderer);
            renderer.Render(document);
        }

        return sb.Replace("<a href=\"", "<a rel=\"noopener noreferrer nofollow\" href=\"").ToString().TrimEnd('\n');
    }
}
