using System.Net;
using System.Text.Json.Nodes;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// Blind voting through the API: a reviewer who has not voted on a claim reads neither the others' verdicts nor what
/// they add up to (annotation, document, change feed, workspace listing, write answers), until they vote or the claim
/// is resolved; moderators and admins likewise, until they vote or choose "reveal to rule" (recorded); without blind
/// voting everyone reads everything.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BlindVotingApiTests(ApiFactory factory)
{
    private const string RitaSecret = "RITA-SECRET police data";
    private const string RonSecret = "RON-SECRET council minutes";

    [Fact]
    public async Task GivenBlindVoting_WhenAReviewerWhoHasNotVotedReads_ThenTheOthersVerdictsAndTheirOutcomeAreHidden()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);
        var rob = ballot.Team.SecondReviewer;

        var annotation = await rob.Api.GetJsonAsync(ballot.ClaimUrl);
        AssertHidden(annotation, hiddenVotes: 2);
        AssertHidden(ClaimIn(await rob.Api.GetJsonAsync(ballot.DocumentUrl), ballot.ClaimId), hiddenVotes: 2);
        AssertHiddenFeed(await rob.Api.GetJsonAsync(ballot.EventsUrl), ballot.ClaimId);

        foreach (var url in new[] { ballot.ClaimUrl, ballot.DocumentUrl, ballot.EventsUrl })
        {
            await AssertNoSecretAsync(rob, url);
        }

        // A viewer cannot vote: under blind voting they read the votes only once the claim is resolved.
        var vic = ballot.Team.Viewer;
        AssertHidden(ClaimIn(await vic.Api.GetJsonAsync(ballot.DocumentUrl), ballot.ClaimId), hiddenVotes: 2);
        AssertHiddenFeed(await vic.Api.GetJsonAsync(ballot.EventsUrl), ballot.ClaimId);
    }

    [Fact]
    public async Task GivenBlindVoting_WhenTheReviewerCastsTheirVote_ThenTheySeeTheOthersVotes()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);
        var rob = ballot.Team.SecondReviewer;

        var answer = await rob.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{ballot.ClaimUrl}/votes/me", new { verdict = "mixed", rationale = "Both sides." });

        AssertShown(answer, "disputed", "Rita Reviewer", "Ron Reviewer", "Rob Reviewer");
        AssertShown(await rob.Api.GetJsonAsync(ballot.ClaimUrl), "disputed", "Rita Reviewer", "Ron Reviewer", "Rob Reviewer");
        AssertShown(ClaimIn(await rob.Api.GetJsonAsync(ballot.DocumentUrl), ballot.ClaimId), "disputed", "Rita Reviewer", "Ron Reviewer", "Rob Reviewer");
        AssertFullFeed(await rob.Api.GetJsonAsync(ballot.EventsUrl), "false", "true", "mixed");
    }

    [Fact]
    public async Task GivenBlindVoting_WhenAModeratorOrAnAdminWhoHasNotVotedReads_ThenTheVotesAreHiddenUntilTheyRevealThemToRule()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);

        foreach (var member in new[] { ballot.Team.Moderator, ballot.Team.Admin })
        {
            AssertHidden(await member.Api.GetJsonAsync(ballot.ClaimUrl), hiddenVotes: 2);
            AssertHidden(ClaimIn(await member.Api.GetJsonAsync(ballot.DocumentUrl), ballot.ClaimId), hiddenVotes: 2);
            AssertHiddenFeed(await member.Api.GetJsonAsync(ballot.EventsUrl), ballot.ClaimId);
            await AssertNoSecretAsync(member, ballot.ClaimUrl);
        }

        var revealed = await ballot.Team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{ballot.ClaimUrl}/votes/reveal");

        AssertShown(revealed, "disputed", "Rita Reviewer", "Ron Reviewer");
        AssertShown(await ballot.Team.Moderator.Api.GetJsonAsync(ballot.ClaimUrl), "disputed", "Rita Reviewer", "Ron Reviewer");
        var feed = await ballot.Team.Moderator.Api.GetJsonAsync(ballot.EventsUrl);
        Assert.Contains(feed["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "votes-revealed" && e["actorId"]!.GetValue<string>() == ballot.Team.Moderator.Id);

        // the choice is the moderator's own: the admin and the reviewer who has not voted still read nothing
        AssertHidden(await ballot.Team.Admin.Api.GetJsonAsync(ballot.ClaimUrl), hiddenVotes: 2);
        AssertHidden(await ballot.Team.SecondReviewer.Api.GetJsonAsync(ballot.ClaimUrl), hiddenVotes: 2);
    }

    [Fact]
    public async Task GivenBlindVoting_WhenAReviewerAsksToRevealTheVotes_ThenForbidden()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);

        using var response = await ballot.Team.SecondReviewer.Api.SendAsync(HttpMethod.Post, $"{ballot.ClaimUrl}/votes/reveal");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.RoleForbidden);
        AssertHidden(await ballot.Team.SecondReviewer.Api.GetJsonAsync(ballot.ClaimUrl), hiddenVotes: 2);
    }

    [Fact]
    public async Task GivenBlindVotingOff_WhenAReviewerWhoHasNotVotedOrAViewerReads_ThenTheySeeEveryVote()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: false);

        foreach (var member in new[] { ballot.Team.SecondReviewer, ballot.Team.Viewer })
        {
            AssertShown(await member.Api.GetJsonAsync(ballot.ClaimUrl), "disputed", "Rita Reviewer", "Ron Reviewer");
            AssertShown(ClaimIn(await member.Api.GetJsonAsync(ballot.DocumentUrl), ballot.ClaimId), "disputed", "Rita Reviewer", "Ron Reviewer");
            AssertFullFeed(await member.Api.GetJsonAsync(ballot.EventsUrl), "false", "true");
        }
    }

    [Fact]
    public async Task GivenBlindVoting_WhenTheClaimIsResolved_ThenEveryoneSeesTheVotes_AndStillDoesAfterItIsReopened()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);
        var rob = ballot.Team.SecondReviewer;
        await ballot.Team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{ballot.ClaimUrl}/resolution", new { verdict = "false", rationale = "The police data." });

        foreach (var member in new[] { rob, ballot.Team.Viewer })
        {
            AssertShown(await member.Api.GetJsonAsync(ballot.ClaimUrl), "resolved", "Rita Reviewer", "Ron Reviewer");
            AssertShown(ClaimIn(await member.Api.GetJsonAsync(ballot.DocumentUrl), ballot.ClaimId), "resolved", "Rita Reviewer", "Ron Reviewer");
            AssertFullFeed(await member.Api.GetJsonAsync(ballot.EventsUrl), "false", "true");
        }

        // The votes were shown; reopening does not hide them again (VoteVisibility).
        await ballot.Team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{ballot.ClaimUrl}/reopen", new { rationale = "New evidence." });
        AssertShown(await rob.Api.GetJsonAsync(ballot.ClaimUrl), "disputed", "Rita Reviewer", "Ron Reviewer");
        AssertFullFeed(await rob.Api.GetJsonAsync(ballot.EventsUrl), "false", "true");
    }

    [Fact]
    public async Task GivenBlindVoting_WhenTheAuthorWhoHasNotVotedEditsTheClaim_ThenTheAnswerHidesTheVotesToo()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);
        var rob = ballot.Team.SecondReviewer;

        var edited = await rob.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, ballot.ClaimUrl, new { body = "Worded more carefully." });

        Assert.Equal("Worded more carefully.", edited["body"]!.GetValue<string>());
        AssertHidden(edited, hiddenVotes: 2);
        Assert.DoesNotContain("SECRET", edited.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenBlindVoting_WhenTwoCallersReadTheSameVersion_ThenTheirViewsHaveDifferentETags()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);
        var rob = ballot.Team.SecondReviewer;
        var mo = ballot.Team.Moderator;
        await mo.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{ballot.ClaimUrl}/votes/reveal");

        var (robETag, robBody) = await ReadWithETagAsync(rob, ballot.DocumentUrl);
        var (moETag, moBody) = await ReadWithETagAsync(mo, ballot.DocumentUrl);
        Assert.Equal(robBody["version"]!.GetValue<long>(), moBody["version"]!.GetValue<long>());
        Assert.Equal($"\"{moBody["version"]!.GetValue<long>()}\"", moETag);
        Assert.NotEqual(moETag, robETag);
        Assert.NotEqual(moETag, (await ReadWithETagAsync(rob, ballot.ClaimUrl)).ETag);

        // The moderator's validator never gets the reviewer a 304 (which a cache would fill with the moderator's view)...
        using (var withModeratorsETag = await rob.Api.GetAsync(ballot.DocumentUrl, r => r.Headers.TryAddWithoutValidation("If-None-Match", moETag)))
        {
            AssertHidden(ClaimIn(await ApiClient.ReadAsync(withModeratorsETag, HttpStatusCode.OK), ballot.ClaimId), hiddenVotes: 2);
        }

        // ...their own does; and no shared cache may keep either.
        using (var withOwnETag = await rob.Api.GetAsync(ballot.DocumentUrl, r => r.Headers.TryAddWithoutValidation("If-None-Match", robETag)))
        {
            Assert.Equal(HttpStatusCode.NotModified, withOwnETag.StatusCode);
        }

        using (var read = await rob.Api.GetAsync(ballot.DocumentUrl))
        {
            Assert.True(read.Headers.CacheControl?.Private, $"Cache-Control: {read.Headers.CacheControl}");
            Assert.Contains("Authorization", read.Headers.Vary);
        }

        // The view's ETag is still a version to write against: current is accepted, stale is 412 Precondition Failed.
        await rob.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{ballot.ClaimUrl}/replies", new { body = "Checking the minutes." }, ifMatch: robETag);
        using var stale = await rob.Api.SendAsync(HttpMethod.Post, $"{ballot.ClaimUrl}/replies", new { body = "Again." }, ifMatch: robETag);
        await ApiAssert.ProblemAsync(stale, HttpStatusCode.PreconditionFailed, "version-mismatch");
    }

    [Fact]
    public async Task GivenBlindVoting_WhenListingTheWorkspaceDocuments_ThenClaimsWhoseVotesAreHiddenCountAsVoting()
    {
        var ballot = await Ballot.CreateAsync(factory, blindVoting: true);
        await ballot.Team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{ballot.ClaimUrl}/votes/reveal");

        var forRob = await ClaimCountsAsync(ballot.Team.SecondReviewer, ballot);
        Assert.Equal((0, 0, 0, 1), (forRob["open"]!.GetValue<int>(), forRob["disputed"]!.GetValue<int>(), forRob["consensus"]!.GetValue<int>(), forRob["voting"]!.GetValue<int>()));

        var forMo = await ClaimCountsAsync(ballot.Team.Moderator, ballot);
        Assert.Equal((0, 1, 0, 0), (forMo["open"]!.GetValue<int>(), forMo["disputed"]!.GetValue<int>(), forMo["consensus"]!.GetValue<int>(), forMo["voting"]!.GetValue<int>()));
    }

    [Fact]
    public async Task GivenTheOpenApiDocument_ThenItDescribesHiddenVotesAndTheVotingStatus()
    {
        using var response = await factory.Anonymous().GetAsync("/openapi/v1.json");
        var document = await ApiClient.ReadAsync(response, HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!;

        Assert.Contains("blind voting", schemas["AnnotationResponse"]!["properties"]!["hiddenVotes"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("voting", schemas["AnnotationResponse"]!["properties"]!["status"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("voting", schemas["VisibleClaimStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("\"redacted\": true", document["paths"]!["/api/v1/documents/{documentId}/events"]!["get"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // A redacted event still matches its schema: the details it loses are optional there, and "redacted" is described.
        var vote = schemas["DocumentEventVoteCast"]!;
        Assert.DoesNotContain("verdict", vote["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("boolean", vote["properties"]!["redacted"]!["type"]!.GetValue<string>());
        var status = schemas["DocumentEventClaimStatusChanged"]!;
        Assert.DoesNotContain("to", status["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotNull(status["properties"]!["redacted"]);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static JsonNode ClaimIn(JsonNode document, string claimId) =>
        document["annotations"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == claimId)!;

    private static void AssertHidden(JsonNode annotation, int hiddenVotes)
    {
        Assert.Empty(annotation["votes"]!.AsArray());
        Assert.Equal(hiddenVotes, annotation["hiddenVotes"]!.GetValue<int>());
        Assert.Equal("voting", annotation["status"]!.GetValue<string>());
    }

    private static void AssertShown(JsonNode annotation, string status, params string[] voters)
    {
        Assert.Equal(voters, annotation["votes"]!.AsArray().Select(v => v!["user"]!["name"]!.GetValue<string>()));
        Assert.Equal(0, annotation["hiddenVotes"]!.GetValue<int>());
        Assert.Equal(status, annotation["status"]!.GetValue<string>());
    }

    /// <summary>The vote events and the status change they caused are there, in order, without their details.</summary>
    private static void AssertHiddenFeed(JsonNode feed, string claimId)
    {
        var events = feed["events"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e["sequence"]!.GetValue<long>()));

        var votes = events.Where(e => e["type"]!.GetValue<string>() == "vote-cast").ToArray();
        Assert.Equal(2, votes.Length);
        var status = Assert.Single(events, e => e["type"]!.GetValue<string>() == "claim-status-changed");
        foreach (var change in votes.Append(status))
        {
            Assert.True(change["redacted"]?.GetValue<bool>(), $"not redacted: {change.ToJsonString()}");
            Assert.Equal(claimId, change["annotationId"]!.GetValue<string>());
            Assert.NotNull(change["actorId"]);
            foreach (var detail in new[] { "verdict", "rationale", "previousVerdict", "from", "to" })
            {
                Assert.False(change.ContainsKey(detail), $"'{detail}' left in {change.ToJsonString()}");
            }
        }

        Assert.All(events.Except(votes).Where(e => e != status), e => Assert.Null(e["redacted"]));
    }

    /// <summary>Every vote event with its verdict, and the status change with its outcome; nothing redacted.</summary>
    private static void AssertFullFeed(JsonNode feed, params string[] verdicts)
    {
        var events = feed["events"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e["sequence"]!.GetValue<long>()));
        Assert.All(events, e => Assert.Null(e["redacted"]));
        Assert.Equal(verdicts, events.Where(e => e["type"]!.GetValue<string>() == "vote-cast").Select(e => e["verdict"]!.GetValue<string>()));
        Assert.Contains(events, e => e["type"]!.GetValue<string>() == "claim-status-changed" && e["to"]!.GetValue<string>() == "disputed");
        Assert.Contains(RitaSecret, feed.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task AssertNoSecretAsync(Member member, string url)
    {
        using var response = await member.Api.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verdict\"", text, StringComparison.Ordinal);
    }

    private static async Task<(string ETag, JsonNode Body)> ReadWithETagAsync(Member member, string url)
    {
        using var response = await member.Api.GetAsync(url);
        var body = await ApiClient.ReadAsync(response, HttpStatusCode.OK);
        return (response.Headers.ETag!.ToString(), body);
    }

    private static async Task<JsonNode> ClaimCountsAsync(Member member, Ballot ballot)
    {
        var listing = await member.Api.GetJsonAsync(ballot.Team.DocumentsUrl);
        return listing["documents"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == ballot.DocumentId)!["claims"]!;
    }

    /// <summary>
    /// A claim by Rob (who has not voted on it) with two different verdicts, Rita's and Ron's, each with a rationale:
    /// disputed at the default quorum of 2. Nobody else has voted.
    /// </summary>
    private sealed record Ballot(Team Team, string DocumentId, string ClaimId)
    {
        public string DocumentUrl => $"/api/v1/documents/{DocumentId}";

        public string ClaimUrl => $"{DocumentUrl}/annotations/{ClaimId}";

        public string EventsUrl => $"{DocumentUrl}/events?after=0";

        public static async Task<Ballot> CreateAsync(ApiFactory factory, bool blindVoting)
        {
            var team = await Team.CreateAsync(factory, blindVoting ? "Blind desk" : "Open desk");
            var ron = await factory.CreateMemberAsync(team.WorkspaceId, WorkspaceRole.Reviewer, "Ron Reviewer");
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var workspace = scope.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IWorkspaceGrain>(team.WorkspaceId);
                var settings = (await workspace.GetAsync()).Settings;
                await workspace.UpdateSettingsAsync(new Actor(team.Admin.Id, WorkspaceRole.Admin), settings with { BlindVoting = blindVoting });
            }

            var documentId = await team.ImportAsync("Budget speech", "The mayor said crime fell 20% last year.");
            var claim = await team.AnnotateAsync(documentId, new { exact = "crime fell 20% last year" }, author: team.SecondReviewer);
            var ballot = new Ballot(team, documentId, claim["id"]!.GetValue<string>());
            await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{ballot.ClaimUrl}/votes/me", new { verdict = "false", rationale = RitaSecret });
            await ron.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{ballot.ClaimUrl}/votes/me", new { verdict = "true", rationale = RonSecret });
            return ballot;
        }
    }
}
