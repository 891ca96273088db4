using System.Text;

namespace AnnotateHub.Reports.Tests;

/// <summary>Every format on the fixed sample workspace, compared byte for byte with Golden/ (UPDATE_GOLDEN=1 rewrites).</summary>
public sealed class GoldenTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    [Fact]
    public void HtmlReport_OfTheWorkspace_MatchesItsGolden() => Golden.Verify("workspace.html", HtmlReport.Render(Sample.WorkspaceContext()));

    [Fact]
    public void HtmlReport_OfOneDocument_MatchesItsGolden() => Golden.Verify("document.html", HtmlReport.Render(Sample.DocumentContext()));

    [Fact]
    public void MarkdownReport_MatchesItsGolden() => Golden.Verify("workspace.md", MarkdownReport.Render(Sample.WorkspaceContext()));

    [Fact]
    public void CsvReport_MatchesItsGolden() => Golden.Verify("workspace.csv", CsvReport.Render(Sample.WorkspaceContext()));

    [Fact]
    public void ClaimReviewReport_MatchesItsGolden() => Golden.Verify("workspace.claimreview.jsonld", ClaimReviewReport.Render(Sample.WorkspaceContext()));

    [Fact]
    public void WebAnnotationReport_MatchesItsGolden() => Golden.Verify("workspace.w3c.jsonld", WebAnnotationReport.Render(Sample.WorkspaceContext()));

    [Fact]
    public void WebAnnotationReport_SecondPage_MatchesItsGolden() => Golden.Verify("workspace.w3c.page1.jsonld", WebAnnotationReport.RenderPage(Sample.WorkspaceContext(), 1, pageSize: 4));

    [Fact]
    public void PublicReport_OfTheWorkspace_MatchesItsGolden() => Golden.Verify("workspace.public.html", PublicReport.Render(Sample.WorkspaceContext()));

    [Fact]
    public void PublicReport_OfOneDocument_MatchesItsGolden() => Golden.Verify("document.public.html", PublicReport.Render(Sample.DocumentContext()));

    [Fact]
    public void PublicClaimPage_MatchesItsGolden() => Golden.Verify("claim.page.html", PublicPages.ClaimPage(Sample.WorkspaceContext(), Sample.Published));

    [Fact]
    public void PublicListPage_MatchesItsGolden() => Golden.Verify("workspace.page.html", PublicPages.ListPage(Sample.WorkspaceContext(), [Sample.Published]));

    [Fact]
    public void PublicAtomFeed_MatchesItsGolden() => Golden.Verify("workspace.feed.atom", PublicPages.AtomFeed(Sample.WorkspaceContext(), [Sample.Published]));

    [Fact]
    public void WorkspaceBackup_MatchesItsGolden() =>
        Golden.Verify("workspace.backup.json", Encoding.UTF8.GetString(WorkspaceBackup.Create(Sample.Workspace, Sample.StoredStreams())));
}
