using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports.Tests;

public sealed partial class HtmlReportTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    public static TheoryData<string> Reports() => new()
    {
        HtmlReport.Render(Sample.WorkspaceContext()),
        HtmlReport.Render(Sample.DocumentContext()),
        HtmlReport.RenderForPrint(Sample.WorkspaceContext()),
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public void GivenHostileUserText_WhenRendered_ThenTheReportHasNoScriptNoEventHandlerAndNoJavascriptUrl(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);

        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, img, svg, form, base, link"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName}> has the attribute {attribute.Name}");
                Assert.DoesNotContain("javascript:", attribute.Value, StringComparison.OrdinalIgnoreCase);
            }
        }

        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            var href = link.GetAttribute("href")!;
            Assert.True(href.Length == 0 || href.StartsWith("https://", StringComparison.Ordinal) || href.StartsWith("http://", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal), href);
        }
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void GivenHostileUserText_WhenRendered_ThenItIsShownAsText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var text = document.Body!.TextContent;
        Assert.Contains(SampleWorkspace.Script, text, StringComparison.Ordinal);
        Assert.Contains(SampleWorkspace.Img, text, StringComparison.Ordinal);
        Assert.Contains(SampleWorkspace.Formula, text, StringComparison.Ordinal);
        Assert.Contains("Ben <b onmouseover=alert(1)>Bold</b>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTheReportForPrint_ThenItIsTheSameDocumentWithThePrintRulesAlwaysApplied()
    {
        var screen = HtmlReport.Render(Sample.WorkspaceContext());
        var print = HtmlReport.RenderForPrint(Sample.WorkspaceContext());

        Assert.Contains("@media print", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("@media", print, StringComparison.Ordinal);
        Assert.Contains("html { font-size: 9.5pt; line-height: 1.35; }", print, StringComparison.Ordinal);
        Assert.Contains("@page { size: A4;", print, StringComparison.Ordinal);
        Assert.Equal(screen[screen.IndexOf("</style>", StringComparison.Ordinal)..], print[print.IndexOf("</style>", StringComparison.Ordinal)..]);
        Assert.Equal(screen[..screen.IndexOf("<style>", StringComparison.Ordinal)], print[..print.IndexOf("<style>", StringComparison.Ordinal)]);
    }

    [Fact]
    public void GivenTheWorkspace_WhenRendered_ThenEveryLiveClaimIsThereWithItsQuoteEmphasisedInContext()
    {
        var document = new HtmlParser().ParseDocument(HtmlReport.Render(Sample.WorkspaceContext()));
        var marks = document.QuerySelectorAll("article.claim blockquote.quote mark").Select(m => m.TextContent).ToArray();
        var expected = new[] { Sample.Budget, Sample.Transcript }
            .SelectMany(d => d.Annotations.Where(a => a.IsClaim() && !a.Deleted).OrderBy(a => a.Target.Position.Start).Select(a => a.Target.Quote.Exact))
            .ToArray();
        Assert.Equal(expected, marks);
        Assert.DoesNotContain(document.QuerySelectorAll("article.claim"), a => a.TextContent.Contains("Mistake.", StringComparison.Ordinal));

        var growth = document.QuerySelectorAll("article.claim").First(a => a.QuerySelector("mark")!.TextContent.StartsWith("the city budget", StringComparison.Ordinal));
        Assert.Equal("The mayor said ", growth.QuerySelector("blockquote .context")!.TextContent); // the start of the text: no ellipsis
        Assert.Equal(" Critics disagree.", growth.QuerySelectorAll("blockquote .context")[1].TextContent); // its line ends there
        var cjk = document.QuerySelectorAll("article.claim").First(a => a.QuerySelector("mark")!.TextContent.StartsWith("市长", StringComparison.Ordinal));
        Assert.Empty(cjk.QuerySelectorAll("blockquote .context")); // a line of its own: no text of the lines around it
    }

    [Fact]
    public void GivenAQuoteWhoseStoredContextCrossesAHeadingAndCutsWords_WhenRendered_ThenTheContextStaysInItsParagraphAndEndsAtWords()
    {
        var text = "Budget 2026\nThe council said spending on schools rose by a third, while the opposition said spending on housing fell for the fourth year running.";
        var state = DocumentDecider.Fold(DocumentDecider.Decide(DocumentState.Empty, new CreateDocument(SampleWorkspace.Ana, "d", "w", "Council", text), SampleWorkspace.Start).Events);
        state = DocumentDecider.Fold(state, DocumentDecider.Decide(state, new Highlight(SampleWorkspace.Ana, "c", AnnotationKind.Claim, TargetSpec.ForQuote("spending on schools rose by a third")), SampleWorkspace.Start).Events);
        var context = ReportContext.ForDocument(Sample.Workspace, state, SampleWorkspace.Name, SampleWorkspace.GeneratedAt);

        var quote = new HtmlParser().ParseDocument(HtmlReport.Render(context)).QuerySelector("blockquote.quote")!.TextContent;

        Assert.Equal("The council said spending on schools rose by a third, while the opposition said…", quote);
        Assert.DoesNotContain("Budget 2026", MarkdownReport.Render(context), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenBlindVoting_WhenAReviewerWhoHasNotVotedGetsTheReport_ThenItSaysTheVotesAreHiddenNotThatThereAreNone()
    {
        var viewer = new Actor("u-new", WorkspaceRole.Reviewer);
        var workspace = Sample.Workspace with { Settings = Sample.Workspace.Settings with { BlindVoting = true } };
        var budget = ReportRedaction.BlindVotes(Sample.Budget, viewer);
        var context = ReportContext.ForDocument(workspace, budget, SampleWorkspace.Name, SampleWorkspace.GeneratedAt) with { Viewer = viewer };

        var schools = new HtmlParser().ParseDocument(HtmlReport.Render(context)).QuerySelectorAll("article.claim")
            .First(a => a.QuerySelector("mark")!.TextContent.EndsWith("more funding than ever 🎓", StringComparison.Ordinal));

        Assert.Contains("Votes hidden until you vote", schools.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("No votes yet", schools.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Votes hidden until you vote.", MarkdownReport.Render(context), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAResolvedClaim_WhenRendered_ThenTheRulingRationaleWhoAndWhenAndTheMinorityViewAreShown()
    {
        var document = new HtmlParser().ParseDocument(HtmlReport.Render(Sample.WorkspaceContext()));
        var growth = document.QuerySelectorAll("article.claim").First(a => a.QuerySelector("mark")!.TextContent.StartsWith("the city budget", StringComparison.Ordinal));

        var ruling = growth.QuerySelector("section.ruling")!;
        Assert.Contains("Mostly false", ruling.TextContent, StringComparison.Ordinal);
        Assert.Contains("ruled by Mo Derator on 2026-11-21 09:10 UTC", ruling.TextContent, StringComparison.Ordinal);
        Assert.Contains("The budget grew 9%, not 12%.", ruling.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://budget.example/2025", ruling.QuerySelector(".rationale a")!.GetAttribute("href"));

        var minority = growth.QuerySelectorAll("li.vote.minority").ToArray();
        var single = Assert.Single(minority);
        Assert.Contains("Ana Lima", single.TextContent, StringComparison.Ordinal);
        Assert.Contains("minority view", single.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, growth.QuerySelectorAll("li.vote").Length);

        var source = growth.QuerySelector("li.source")!;
        Assert.Contains("Refutes", source.TextContent, StringComparison.Ordinal);
        Assert.Contains("Spending rose 9% in 2025.", source.TextContent, StringComparison.Ordinal);

        var thread = growth.QuerySelector("section.thread")!;
        Assert.Contains("2 replies from Ana Lima, Ben", thread.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("已核实", thread.TextContent, StringComparison.Ordinal);

        var history = growth.QuerySelectorAll("section.history li").Select(li => li.TextContent).ToArray();
        Assert.Equal(2, history.Length);
        Assert.Contains("Open → Disputed", history[0], StringComparison.Ordinal);
        Assert.Contains("Disputed → Resolved by Mo Derator", history[1], StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAReopenedClaim_WhenRendered_ThenItsHistoryShowsTheRulingAndTheReopening()
    {
        var document = new HtmlParser().ParseDocument(HtmlReport.Render(Sample.WorkspaceContext()));
        var grew = document.QuerySelectorAll("article.claim").First(a => a.QuerySelector("mark")!.TextContent == "It grew 12%");
        Assert.Equal("Disputed", grew.QuerySelector(".badge")!.TextContent);
        var history = grew.QuerySelectorAll("section.history li").Select(li => li.TextContent).ToArray();
        Assert.Equal(3, history.Length);
        Assert.Contains("Resolved → Disputed by Mo Derator: New figures arrived.", history[2], StringComparison.Ordinal);
        Assert.Contains("passage of City budget speech", grew.QuerySelector("li.source")!.TextContent, StringComparison.Ordinal);
    }

    [GeneratedRegex("""<[^>]*\son\w+\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();
}
