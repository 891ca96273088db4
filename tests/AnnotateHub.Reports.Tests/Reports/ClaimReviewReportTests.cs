using System.Text.Json;
using AnnotateHub.Grains;

namespace AnnotateHub.Reports.Tests;

public sealed class ClaimReviewReportTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    private static JsonElement[] Reviews(ReportContext context) =>
        JsonDocument.Parse(ClaimReviewReport.Render(context)).RootElement.EnumerateArray().ToArray();

    [Fact]
    public void GivenTheWorkspace_WhenExported_ThenOnlyResolvedAndConsensusClaimsHaveAReview()
    {
        var claimed = Reviews(Sample.WorkspaceContext()).Select(r => r.GetProperty("claimReviewed").GetString()!).ToArray();

        // resolved: c-growth; consensus: c-cjk, c-wait. Not: c-schools (disputed), c-crime (open), c-grew (reopened, disputed), c-gone (deleted).
        Assert.Equal(["the city budget grew by 12% in 2025. 📈", "市长说预算增加了百分之十二。", "waiting times dropped 40% 🚀"], claimed);
    }

    [Fact]
    public void GivenAResolvedClaim_WhenExported_ThenEveryFieldHasTheRightValue()
    {
        var review = Reviews(Sample.WorkspaceContext())[0];

        Assert.Equal("https://schema.org", review.GetProperty("@context").GetString());
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.Equal("https://factdesk.example/checks", review.GetProperty("url").GetString());
        Assert.Equal("the city budget grew by 12% in 2025. 📈", review.GetProperty("claimReviewed").GetString());
        Assert.Equal("2026-11-21", review.GetProperty("datePublished").GetString());

        var author = review.GetProperty("author");
        Assert.Equal("Organization", author.GetProperty("@type").GetString());
        Assert.Equal("Fact Desk", author.GetProperty("name").GetString());
        Assert.Equal("https://factdesk.example/checks", author.GetProperty("url").GetString());

        var rating = review.GetProperty("reviewRating");
        Assert.Equal("Rating", rating.GetProperty("@type").GetString());
        Assert.Equal(2, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal(5, rating.GetProperty("bestRating").GetInt32());
        Assert.Equal(1, rating.GetProperty("worstRating").GetInt32());
        Assert.Equal("Mostly false", rating.GetProperty("alternateName").GetString());

        var item = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", item.GetProperty("@type").GetString());
        Assert.Equal("CreativeWork", item.GetProperty("appearance").GetProperty("@type").GetString());
        Assert.Equal("https://news.example/budget?x=1&y=2", item.GetProperty("appearance").GetProperty("url").GetString());
    }

    [Fact]
    public void GivenConsensusClaims_WhenExported_ThenTheAgreedVerdictIsRatedAndUnprovenHasNoRatingValue()
    {
        var reviews = Reviews(Sample.WorkspaceContext());

        var cjk = reviews[1].GetProperty("reviewRating");
        Assert.Equal(5, cjk.GetProperty("ratingValue").GetInt32());
        Assert.Equal("True", cjk.GetProperty("alternateName").GetString());

        var unproven = reviews[2].GetProperty("reviewRating");
        Assert.False(unproven.TryGetProperty("ratingValue", out _));
        Assert.Equal("Unproven", unproven.GetProperty("alternateName").GetString());
        Assert.False(reviews[2].GetProperty("itemReviewed").GetProperty("appearance").TryGetProperty("url", out _), "the transcript has no source URL");
    }

    [Fact]
    public void GivenNoPublisherSettings_WhenExported_ThenTheWorkspaceNameIsTheAuthorAndNoUrlIsInvented()
    {
        var context = Sample.WorkspaceContext() with { Settings = new WorkspaceSettings() };
        var review = Reviews(context)[0];
        Assert.False(review.TryGetProperty("url", out _));
        Assert.Equal("Night desk 🌙 <Fact> & Check", review.GetProperty("author").GetProperty("name").GetString());
        Assert.False(review.GetProperty("author").TryGetProperty("url", out _));
    }

    [Fact]
    public void GivenUserTextWithScriptTags_WhenExported_ThenTheJsonCanBeEmbeddedInAScriptElement()
    {
        var json = ClaimReviewReport.Render(Sample.WorkspaceContext());
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
    }
}
