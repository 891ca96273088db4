using System.Text.Json;
using System.Text.RegularExpressions;
using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Reports.Tests;

public sealed partial class ClaimReviewReportTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    private static JsonElement[] Reviews(ReportContext context) =>
        JsonDocument.Parse(ClaimReviewReport.Render(context)).RootElement.EnumerateArray().ToArray();

    [Fact]
    public void GivenTheWorkspace_WhenExported_ThenOnlyPublishedClaimsHaveAReview()
    {
        var claimed = Reviews(Sample.WorkspaceContext()).Select(r => r.GetProperty("claimReviewed").GetString()!).ToArray();

        // published: c-growth. Not: c-cjk, c-wait (consensus, never published), c-grew (published, then reopened: withdrawn), the rest.
        Assert.Equal(["the city budget grew by 12% in 2025. 📈"], claimed);
    }

    [Fact]
    public void GivenAPublishedClaim_WhenExported_ThenEveryFieldHasTheRightValue()
    {
        var review = Reviews(Sample.WorkspaceContext())[0];

        Assert.Equal("https://schema.org", review.GetProperty("@context").GetString());
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.Equal(Sample.WorkspaceContext().PublicUrl(Sample.Published.Publication.Slug), review.GetProperty("url").GetString());
        Assert.Equal("the city budget grew by 12% in 2025. 📈", review.GetProperty("claimReviewed").GetString());
        Assert.Equal("2026-11-21", review.GetProperty("datePublished").GetString());

        var author = review.GetProperty("author");
        Assert.Equal("Organization", author.GetProperty("@type").GetString());
        Assert.Equal("Fact Desk", author.GetProperty("name").GetString());
        Assert.Equal("https://factdesk.example/checks", author.GetProperty("url").GetString());

        var rating = review.GetProperty("reviewRating");
        Assert.Equal(2, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal(5, rating.GetProperty("bestRating").GetInt32());
        Assert.Equal(1, rating.GetProperty("worstRating").GetInt32());
        Assert.Equal("Mostly false", rating.GetProperty("alternateName").GetString());

        var item = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", item.GetProperty("@type").GetString());
        Assert.Equal("https://news.example/budget?x=1&y=2", item.GetProperty("appearance").GetProperty("url").GetString());
        Assert.Equal("Mayor Lee " + SampleWorkspace.Script, item.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("2026-11-20", item.GetProperty("datePublished").GetString());
    }

    [Fact]
    public void GivenATimeZoneWest_WhenAClaimIsPublishedLateInTheUtcDay_ThenDatePublishedIsTheLocalDate()
    {
        var context = Sample.WorkspaceContext() with { Settings = Sample.Workspace.Settings with { TimeZone = "Pacific/Honolulu" } };

        // published 2026-11-21 09:11 UTC, which is 2026-11-20 23:11 in Honolulu
        Assert.Equal("2026-11-20", Reviews(context)[0].GetProperty("datePublished").GetString());
    }

    [Fact]
    public void GivenNoPublisherSettings_WhenExported_ThenTheWorkspaceNameIsTheAuthorAndNoUrlIsInvented()
    {
        var context = Sample.WorkspaceContext() with { Settings = new WorkspaceSettings() };
        var author = Reviews(context)[0].GetProperty("author");
        Assert.Equal("Night desk 🌙 <Fact> & Check", author.GetProperty("name").GetString());
        Assert.False(author.TryGetProperty("url", out _));
    }

    /// <summary>
    /// What schema.org and the search engines' ClaimReview documentation require (read offline; no network in tests):
    /// schema.org types and property names; Google: claimReviewed, reviewRating with alternateName (and, when rated,
    /// ratingValue within worstRating..bestRating), url on the page's own site, author an Organization with a name;
    /// Bing and Google: itemReviewed a Claim, its appearance a CreativeWork with a url; dates as ISO 8601.
    /// </summary>
    [Theory]
    [InlineData("true", 5)]
    [InlineData("mostly-true", 4)]
    [InlineData("mixed", 3)]
    [InlineData("mostly-false", 2)]
    [InlineData("false", 1)]
    [InlineData("unproven", null)]
    public void GivenAPublishedRulingOfEachVerdict_ThenItsJsonLdHasEveryFieldSearchEnginesRequire(string verdictName, int? expectedRating)
    {
        Assert.True(Verdicts.TryParse(verdictName, out var verdict));
        var (context, item) = PublishedWith(verdict);

        var review = JsonDocument.Parse(ClaimReviewReport.RenderOne(context, item.Document, item.Claim)).RootElement;

        Assert.Equal("https://schema.org", review.GetProperty("@context").GetString());
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.True(Uri.TryCreate(review.GetProperty("url").GetString(), UriKind.Absolute, out var url) && url.Scheme == "https");
        Assert.StartsWith("https://checks.example/c/", url.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(review.GetProperty("claimReviewed").GetString()));
        Assert.Matches(IsoDate(), review.GetProperty("datePublished").GetString());
        Assert.Equal("Organization", review.GetProperty("author").GetProperty("@type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(review.GetProperty("author").GetProperty("name").GetString()));

        var rating = review.GetProperty("reviewRating");
        Assert.Equal("Rating", rating.GetProperty("@type").GetString());
        Assert.Equal(verdict.Label(), rating.GetProperty("alternateName").GetString());
        Assert.Equal(5, rating.GetProperty("bestRating").GetInt32());
        Assert.Equal(1, rating.GetProperty("worstRating").GetInt32());
        Assert.Equal(expectedRating, rating.TryGetProperty("ratingValue", out var value) ? value.GetInt32() : null);

        var claim = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", claim.GetProperty("@type").GetString());
        Assert.Equal("CreativeWork", claim.GetProperty("appearance").GetProperty("@type").GetString());
        Assert.Equal("https://example.org/speech", claim.GetProperty("appearance").GetProperty("url").GetString());

        string[] known = ["@context", "@type", "url", "headline", "reviewBody", "claimReviewed", "datePublished", "author", "reviewRating", "itemReviewed"];
        Assert.All(review.EnumerateObject(), p => Assert.Contains(p.Name, known));
    }

    [Fact]
    public void GivenUserTextWithScriptTags_WhenExported_ThenTheJsonCanBeEmbeddedInAScriptElement()
    {
        var json = ClaimReviewReport.Render(Sample.WorkspaceContext());
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
    }

    private static (ReportContext Context, PublishedItem Item) PublishedWith(Verdict verdict)
    {
        var at = SampleWorkspace.Start;
        var mo = SampleWorkspace.Mo;
        var state = DocumentState.Empty;
        foreach (var command in new DocumentCommand[]
        {
            new CreateDocument(mo, "d", "w", "Speech", "The minister said exports doubled.", "https://example.org/speech", 1),
            new Highlight(mo, "c", AnnotationKind.Claim, TargetSpec.ForQuote("exports doubled")),
            new CastVote(mo, "c", verdict, "Trade data."),
            new ResolveClaim(mo, "c", verdict, "Trade data."),
            new PublishClaim(mo, "c", "Exports did not double", "They rose 4%."),
        })
        {
            var decision = DocumentDecider.Decide(state, command, at);
            Assert.True(decision.IsAccepted, decision.Error?.Message);
            state = DocumentDecider.Fold(state, decision.Events);
        }

        var context = Sample.WorkspaceContext() with { Documents = [state] };
        return (context, new PublishedItem(state, state.FindAnnotation("c")!));
    }

    [GeneratedRegex("^\\d{4}-\\d{2}-\\d{2}$")]
    private static partial Regex IsoDate();
}
