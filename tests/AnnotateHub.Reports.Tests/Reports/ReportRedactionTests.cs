using AngleSharp.Html.Parser;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports.Tests;

public sealed class ReportRedactionTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    [Fact]
    public void GivenBlindVoting_WhenAReviewerWhoDidNotVoteGetsTheReport_ThenOthersVotesOnUnresolvedClaimsAreHidden()
    {
        var reader = new Actor("u-new", WorkspaceRole.Reviewer);
        var redacted = ReportRedaction.BlindVotes(Sample.Budget, reader);

        Assert.Empty(redacted.FindAnnotation("c-cjk")!.Votes);      // consensus
        Assert.Empty(redacted.FindAnnotation("c-schools")!.Votes);  // disputed
        Assert.Equal(2, redacted.FindAnnotation("c-growth")!.Votes.Length); // resolved: all shown

        var html = HtmlReport.Render(ReportContext.ForDocument(Sample.Workspace, redacted, SampleWorkspace.Name, SampleWorkspace.GeneratedAt));
        var cjk = new HtmlParser().ParseDocument(html).QuerySelectorAll("article.claim").First(a => a.QuerySelector("mark")!.TextContent.StartsWith("市长", StringComparison.Ordinal));
        Assert.Empty(cjk.QuerySelectorAll("li.vote"));
        Assert.Contains("blind voting hides them", cjk.TextContent, StringComparison.Ordinal);
        Assert.Empty(System.Text.Json.JsonDocument.Parse(ClaimReviewReport.Render(ReportContext.ForDocument(Sample.Workspace, redacted, SampleWorkspace.Name, SampleWorkspace.GeneratedAt)))
            .RootElement.EnumerateArray().Where(r => r.GetProperty("claimReviewed").GetString()!.StartsWith("市长", StringComparison.Ordinal)));
    }

    [Fact]
    public void GivenBlindVoting_WhenAVoterOrAModeratorGetsTheReport_ThenTheySeeTheVotes()
    {
        Assert.Equal(2, ReportRedaction.BlindVotes(Sample.Budget, SampleWorkspace.Ana).FindAnnotation("c-cjk")!.Votes.Length);
        Assert.Same(Sample.Budget, ReportRedaction.BlindVotes(Sample.Budget, SampleWorkspace.Mo));
    }
}
