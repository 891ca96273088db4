using System.Text;
using AngleSharp.Html.Parser;

namespace AnnotateHub.Reports.Tests;

/// <summary>The report for readers: what it shows, and what of the desk's work it never shows.</summary>
public sealed class PublicReportTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    /// <summary>Reviewer names, the discussion, votes, internal ids, offsets and workflow terms of the sample.</summary>
    public static TheoryData<string> Internal() =>
    [
        "Ana Lima", "陈静", "Mo Derator", "onmouseover", // people
        "I think it", "@Ana agreed", // the discussion
        "Growth was real", "The report says 9%", // votes' rationales
        "doc-budget", "doc-transcript", "c-growth", "ws-desk", "u-mo", // ids
        "characters", "quorum", "code point", "Consensus", "Disputed", "minority", "Status history", // offsets and jargon
        "Check the", "see table 3", // the desk's notes on the claim and the source
        "Withdrawn headline", // withdrawn with the reopening
    ];

    [Theory]
    [MemberData(nameof(Internal))]
    public void GivenTheWorkspace_WhenThePublicReportIsRendered_ThenNothingInternalIsInIt(string internalText)
    {
        var text = new HtmlParser().ParseDocument(PublicReport.Render(Sample.WorkspaceContext())).DocumentElement.OuterHtml;

        Assert.DoesNotContain(internalText, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GivenTheWorkspace_WhenThePublicReportIsRendered_ThenItShowsTheRulingItsSourcesAndThePublisherWithLocalDates()
    {
        var document = new HtmlParser().ParseDocument(PublicReport.Render(Sample.WorkspaceContext()));
        var check = document.QuerySelector("article.check")!;

        Assert.Equal("Fact Desk", document.QuerySelector("header.masthead .publisher")!.TextContent);
        Assert.Equal("https://factdesk.example/logo.png", document.QuerySelector("header.masthead img")!.GetAttribute("src"));
        Assert.Contains("--accent: #0b6e4f", document.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Mostly false", check.QuerySelector(".verdict")!.TextContent);
        Assert.Equal("The mayor said the city budget grew by 12% in 2025. 📈 Critics disagree.", check.QuerySelector("blockquote.quote")!.TextContent);
        Assert.Contains("The budget grew 9%, not 12%.", check.QuerySelector("section.ruling")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("budget.example", check.QuerySelector("section.sources")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Published 21 November 2026", check.QuerySelector("p.meta")!.TextContent);
        Assert.EndsWith("22 November 2026, 03:30 (America/New_York)", document.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheWorkspace_WhenThePublicPdfIsMade_ThenItHoldsTheRulingForReaders()
    {
        var renderer = new PdfRenderer(new PdfOptions());
        Assert.True(renderer.IsAvailable, $"Chromium is needed for this test and was not found at {new PdfOptions().ResolveExecutable()}: run tests/run.sh or set CHROMIUM_PATH.");
        var context = Sample.WorkspaceContext() with { Settings = Sample.Workspace.Settings with { PublisherLogoUrl = null } };

        var file = await new ReportExporter(renderer).ExportAsync(ReportFormat.PublicPdf, context);

        Assert.Equal("application/pdf", file.ContentType);
        Assert.EndsWith("-fact-checks-20261122.public.pdf", file.FileName, StringComparison.Ordinal);
        var text = PdfRendererTests.Squash(await PdfRendererTests.PdfToTextAsync(file.Content));
        Assert.Contains(PdfRendererTests.Squash("Our ruling: Mostly false"), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Ana", text, StringComparison.Ordinal);
    }
}
