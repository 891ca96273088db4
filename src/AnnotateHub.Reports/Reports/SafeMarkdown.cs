using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AnnotateHub.Reports;

/// <summary>
/// User Markdown (bodies, rationales, replies, notes) as HTML that cannot run script: raw HTML in the source is
/// written as text (Markdig's DisableHtml); links and autolinks whose address is not http, https or mailto lose the
/// address (their text stays); images become links (a report never loads anything).
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
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.IsImage = false;
            if (!ReportFacts.IsSafeUrl(link.Url))
            {
                link.Url = string.Empty;
            }

            if (link.Title is not null && string.IsNullOrEmpty(link.Url))
            {
                link.Title = null;
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!ReportFacts.IsSafeUrl(autolink.Url))
            {
                autolink.Url = string.Empty;
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
