using System.Text.Json;
using AngleSharp.Html.Parser;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports.Tests;

public sealed class ReportRedactionTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    [Fact]
    public void GivenBlindVoting_WhenAReviewerWhoDidNotVoteGetsTheReport_ThenOthersVotesAndWhatTheyAddUpToAreHidden()
    {
        var reader = new Actor("u-new", WorkspaceRole.Reviewer);
        var redacted = ReportRedaction.BlindVotes(Sample.Budget, reader);

        var cjk = redacted.FindAnnotation("c-cjk")!;                  // consensus
        Assert.Empty(cjk.Votes);
        Assert.Equal(ClaimStatus.Open, cjk.Status);
        Assert.Empty(cjk.StatusHistory);
        Assert.Empty(redacted.FindAnnotation("c-schools")!.Votes);    // disputed
        Assert.Equal(2, redacted.FindAnnotation("c-growth")!.Votes.Length); // resolved: public

        var context = ReportContext.ForDocument(Sample.Workspace, redacted, SampleWorkspace.Name, SampleWorkspace.GeneratedAt);
        var article = new HtmlParser().ParseDocument(HtmlReport.Render(context)).QuerySelectorAll("article.claim")
            .First(a => a.QuerySelector("mark")!.TextContent.StartsWith("市长", StringComparison.Ordinal));
        Assert.Empty(article.QuerySelectorAll("li.vote"));
        Assert.DoesNotContain("Consensus", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Matches the transcript", article.TextContent, StringComparison.Ordinal);

        var reviewed = JsonDocument.Parse(ClaimReviewReport.Render(context)).RootElement.EnumerateArray().Select(r => r.GetProperty("claimReviewed").GetString()!).ToArray();
        Assert.DoesNotContain("市长说预算增加了百分之十二。", reviewed);
        Assert.Contains("the city budget grew by 12% in 2025. 📈", reviewed);
    }

    [Fact]
    public void GivenBlindVoting_WhenAClaimWasResolvedAndReopened_ThenItsVotesStayVisible()
    {
        var redacted = ReportRedaction.BlindVotes(Sample.Transcript, new Actor("u-new", WorkspaceRole.Viewer));
        Assert.Equal(2, redacted.FindAnnotation("c-grew")!.Votes.Length);
        Assert.Empty(redacted.FindAnnotation("c-wait")!.Votes);
    }

    [Fact]
    public void GivenBlindVoting_WhenAVoterGetsTheReport_ThenTheySeeTheVotes_AndAModeratorWhoHasNotVotedNorRevealedDoesNot()
    {
        Assert.Equal(2, ReportRedaction.BlindVotes(Sample.Budget, SampleWorkspace.Ana).FindAnnotation("c-cjk")!.Votes.Length);
        Assert.Empty(ReportRedaction.BlindVotes(Sample.Budget, SampleWorkspace.Mo).FindAnnotation("c-cjk")!.Votes);
    }
}
