using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// <c>/api/v1/me/notifications</c> and <c>/api/v1/me/queue</c>: what waits for each member of a team, from the workspace's
/// read model. The read model hears each change one-way after it is committed, so each read waits (with a deadline) for
/// the change it expects.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MeApiTests(ApiFactory factory)
{
    private const string Article = "The mayor said crime fell 20% last year. Critics said crime rose.";

    [Fact]
    public async Task GivenAReplyMentioningTheModerator_WhenEachAsks_ThenTheModeratorHasAMentionTheAuthorAReplyAndMarkingReadClearsIt()
    {
        var team = await Team.CreateAsync(factory);
        var documentId = await team.ImportAsync("Budget speech", Article);
        var claim = await team.AnnotateAsync(documentId, new { exact = "crime fell 20% last year" });
        var claimId = claim["id"]!.GetValue<string>();
        await team.SecondReviewer.Api.ExpectAsync(
            HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations/{claimId}/replies", new { body = "@momoderator the police data say otherwise." });

        var mention = await WaitForAsync(team.Moderator, "/api/v1/me/notifications", n => n["items"]!.AsArray().Count == 1, "the moderator's mention");
        var item = mention["items"]![0]!;
        Assert.Equal(("mention", documentId, claimId, "Rob Reviewer", false), (S(item["kind"]), S(item["documentId"]), S(item["annotationId"]), S(item["actor"]!["name"]), item["read"]!.GetValue<bool>()));
        Assert.Equal("Budget speech", S(item["documentTitle"]));
        Assert.Contains("police data", S(item["excerpt"]), StringComparison.Ordinal);
        Assert.Equal(1, mention["unread"]!.GetValue<int>());

        var queue = await team.Moderator.Api.GetJsonAsync("/api/v1/me/queue?kind=mention");
        var queued = Assert.Single(queue["items"]!.AsArray())!;
        Assert.Equal(("mention", documentId, claimId), (S(queued["kind"]), S(queued["documentId"]), S(queued["annotationId"])));
        Assert.Equal(1, queue["counts"]!["mention"]!.GetValue<int>());

        var authors = await WaitForAsync(team.Reviewer, "/api/v1/me/notifications", n => n["items"]!.AsArray().Count == 1, "the author's reply notification");
        Assert.Equal("reply", S(authors["items"]![0]!["kind"]));
        Assert.Empty((await team.SecondReviewer.Api.GetJsonAsync("/api/v1/me/notifications"))["items"]!.AsArray());

        var marked = await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/me/notifications/read", new { ids = new[] { S(item["id"]) } });
        Assert.Equal((1, 0), (marked["marked"]!.GetValue<int>(), marked["unread"]!.GetValue<int>()));
        var after = await team.Moderator.Api.GetJsonAsync("/api/v1/me/notifications");
        Assert.True(after["items"]![0]!["read"]!.GetValue<bool>());
        Assert.Empty((await team.Moderator.Api.GetJsonAsync("/api/v1/me/notifications?unread=true"))["items"]!.AsArray());
        Assert.Empty((await team.Moderator.Api.GetJsonAsync("/api/v1/me/queue?kind=mention"))["items"]!.AsArray());

        // "all" marks the rest; the author's reply notification is theirs alone.
        var all = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/me/notifications/read", new { all = true });
        Assert.Equal((1, 0), (all["marked"]!.GetValue<int>(), all["unread"]!.GetValue<int>()));
    }

    [Fact]
    public async Task GivenADisputedClaim_WhenTheTeamAsks_ThenTheModeratorMustRuleTheVotersHearOfTheDisputeAndOfTheRuling()
    {
        var team = await Team.CreateAsync(factory);
        var documentId = await team.ImportAsync("Budget speech", Article);
        var claimId = (await team.AnnotateAsync(documentId, new { exact = "Critics said crime rose" }))["id"]!.GetValue<string>();
        var claimUrl = $"/api/v1/documents/{documentId}/annotations/{claimId}";

        var waiting = await WaitForAsync(team.Reviewer, "/api/v1/me/queue", q => q["counts"]!["voteNeeded"]!.GetValue<int>() == 1, "the claim to wait for the reviewer's vote");
        Assert.Equal(("vote-needed", claimId, "Critics said crime rose"), (S(waiting["items"]![0]!["kind"]), S(waiting["items"]![0]!["annotationId"]), S(waiting["items"]![0]!["quote"])));
        Assert.Empty((await team.Viewer.Api.GetJsonAsync("/api/v1/me/queue"))["items"]!.AsArray());

        await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claimUrl}/votes/me", new { verdict = "true", rationale = "The report says so." });
        await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claimUrl}/votes/me", new { verdict = "false", rationale = "It does not." });

        var rule = await WaitForAsync(team.Moderator, "/api/v1/me/queue?kind=ruling-needed", q => q["items"]!.AsArray().Count == 1, "the dispute in the moderator's queue");
        Assert.Equal(("ruling-needed", documentId, claimId), (S(rule["items"]![0]!["kind"]), S(rule["items"]![0]!["documentId"]), S(rule["items"]![0]!["annotationId"])));
        Assert.Equal(0, (await team.Reviewer.Api.GetJsonAsync("/api/v1/me/queue"))["counts"]!["rulingNeeded"]!.GetValue<int>());
        Assert.Equal(0, (await team.Reviewer.Api.GetJsonAsync("/api/v1/me/queue"))["counts"]!["voteNeeded"]!.GetValue<int>());
        var disputed = await WaitForAsync(team.Reviewer, "/api/v1/me/notifications", n => n["items"]!.AsArray().Count == 1, "the dispute notification");
        Assert.Equal(("disputed", "Rob Reviewer"), (S(disputed["items"]![0]!["kind"]), S(disputed["items"]![0]!["actor"]!["name"])));
        Assert.Empty((await team.SecondReviewer.Api.GetJsonAsync("/api/v1/me/notifications"))["items"]!.AsArray());

        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/resolution", new { verdict = "mixed", rationale = "Both readings hold." });

        await WaitForAsync(team.Moderator, "/api/v1/me/queue?kind=ruling-needed", q => q["items"]!.AsArray().Count == 0, "the ruled claim to leave the moderator's queue");
        foreach (var voter in new[] { team.Reviewer, team.SecondReviewer })
        {
            var ruled = await WaitForAsync(voter, "/api/v1/me/notifications", n => n["items"]!.AsArray().Any(i => S(i!["kind"]) == "ruling"), $"{voter.Name}'s ruling notification");
            var ruling = ruled["items"]!.AsArray().First(i => S(i!["kind"]) == "ruling")!;
            Assert.Equal(("Mo Moderator", "Both readings hold."), (S(ruling["actor"]!["name"]), S(ruling["excerpt"])));
        }
    }

    [Theory]
    [InlineData("/api/v1/me/queue?kind=everything", "kind-invalid")]
    [InlineData("/api/v1/me/queue?limit=0", "limit-invalid")]
    [InlineData("/api/v1/me/queue?limit=lots", "limit-invalid")]
    [InlineData("/api/v1/me/notifications?limit=1001", "limit-invalid")]
    public async Task GivenABadQuery_WhenAsked_ThenAProblemSaysWhatIsWrong(string url, string code)
    {
        var team = await factory.SharedAsync("me-api-team", () => Team.CreateAsync(factory));
        using var response = await team.Reviewer.Api.GetAsync(url);
        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"all\": true, \"ids\": [\"x\"]}")]
    [InlineData("{\"ids\": []}")]
    [InlineData("{\"ids\": [\"\"]}")]
    [InlineData("{\"all\": false}")]
    public async Task GivenABadMarkReadRequest_WhenSent_ThenAProblemAndNothingIsMarked(string body)
    {
        var team = await Team.CreateAsync(factory);
        var documentId = await team.ImportAsync("Budget speech", Article);
        await team.AnnotateAsync(documentId, new { exact = "crime fell" }, kind: "comment", author: team.SecondReviewer, body: "@ritareviewer look.");
        await WaitForAsync(team.Reviewer, "/api/v1/me/notifications", n => n["unread"]!.GetValue<int>() == 1, "the mention");

        using var response = await team.Reviewer.Api.SendRawAsync(HttpMethod.Post, "/api/v1/me/notifications/read", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "ids-invalid");
        Assert.Equal(1, (await team.Reviewer.Api.GetJsonAsync("/api/v1/me/notifications"))["unread"]!.GetValue<int>());
    }

    private static string S(JsonNode? node) => node!.GetValue<string>();

    /// <summary>Asks <paramref name="url"/> as <paramref name="member"/> until <paramref name="done"/> holds (10 s at most).</summary>
    private static async Task<JsonNode> WaitForAsync(Member member, string url, Func<JsonNode, bool> done, string awaited)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var answer = await member.Api.GetJsonAsync(url);
            if (done(answer))
            {
                return answer;
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"Waited 10 s for {awaited}; the last answer of {url} was {answer.ToJsonString()}");
            }

            await Task.Delay(20);
        }
    }
}
