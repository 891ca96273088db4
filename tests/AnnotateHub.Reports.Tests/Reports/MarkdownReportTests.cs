using AngleSharp.Html.Parser;
using Markdig;

namespace AnnotateHub.Reports.Tests;

public sealed class MarkdownReportTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    [Fact]
    public void GivenHostileUserText_WhenTheMarkdownIsRenderedByAPermissiveRenderer_ThenNothingBecomesMarkupOrALink()
    {
        var markdown = MarkdownReport.Render(Sample.WorkspaceContext());

        // A renderer that allows raw HTML (Markdig's default) with GFM extensions.
        var html = Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());
        var document = new HtmlParser().ParseDocument(html);

        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, svg"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName}> has {attribute.Name}");
                Assert.DoesNotContain("javascript:", attribute.Value, StringComparison.OrdinalIgnoreCase);
            }
        }

        var text = document.Body!.TextContent;
        Assert.Contains(SampleWorkspace.Script, text, StringComparison.Ordinal);
        Assert.Contains(SampleWorkspace.Img, text, StringComparison.Ordinal);
        Assert.Contains(SampleWorkspace.JsLink, text, StringComparison.Ordinal);
        Assert.Contains("Ben <b onmouseover=alert(1)>Bold</b>", text, StringComparison.Ordinal);
        Assert.Contains("-2+3 @SUM(A1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTheWorkspace_WhenRendered_ThenEveryClaimQuoteIsThereInBold()
    {
        var markdown = MarkdownReport.Render(Sample.WorkspaceContext());
        var html = Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());
        var strong = new HtmlParser().ParseDocument(html).QuerySelectorAll("blockquote strong").Select(s => s.TextContent).ToArray();

        Assert.Contains("the city budget grew by 12% in 2025. 📈", strong);
        Assert.Contains("市长说预算增加了百分之十二。", strong);
        Assert.Contains(SampleWorkspace.Formula + " more funding than ever 🎓", strong);
        Assert.Contains("waiting times dropped 40% 🚀", strong);
    }

    [Theory]
    [InlineData("# heading", "\\# heading")]
    [InlineData("1. item", "1\\. item")]
    [InlineData("a_b*c*", "a\\_b\\*c\\*")]
    [InlineData("<b>x</b> & ![i](u)", "\\<b\\>x\\</b\\> \\& \\!\\[i\\](u)")]
    [InlineData("  - indented", "\\- indented")]
    public void GivenMarkdownSyntaxInUserText_WhenEscaped_ThenItIsLiteral(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Inline(text));
    }
}
