using System.Net;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>Flags, hiding and locked threads through the API; each action is an event in the document's history.</summary>
[Collection(ApiCollection.Name)]
public sealed class ModerationApiTests(ApiFactory factory)
{
    [Fact]
    public async Task GivenARudeReply_WhenAViewerFlagsItAndTheModeratorHidesItAndLocksTheThread_ThenRepliesAreRefusedAndTheHistoryHasEachStep()
    {
        var team = await Team.CreateAsync(factory);
        var documentId = await team.ImportAsync("Budget speech", "The mayor said crime fell 20% last year.");
        var claimId = (await team.AnnotateAsync(documentId, new { exact = "crime fell 20%" }))["id"]!.GetValue<string>();
        var claimUrl = $"/api/v1/documents/{documentId}/annotations/{claimId}";
        var reply = await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/replies", new { body = "Only an idiot believes this." });
        var replyId = reply["id"]!.GetValue<string>();

        await team.Viewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/flags", new { item = "reply", itemId = replyId, reason = "Insult." });
        using (var refused = await team.Reviewer.Api.SendAsync(HttpMethod.Post, $"{claimUrl}/moderation/hide", new { item = "reply", itemId = replyId, reason = "Insult." }))
        {
            await ApiAssert.ProblemAsync(refused, HttpStatusCode.Forbidden, "role-forbidden");
        }

        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/hide", new { item = "reply", itemId = replyId, reason = "Insult." });
        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/lock", new { reason = "Cooling off." });
        using (var locked = await team.Reviewer.Api.SendAsync(HttpMethod.Post, $"{claimUrl}/replies", new { body = "But…" }))
        {
            var problem = await ApiAssert.ProblemAsync(locked, HttpStatusCode.Conflict, "thread-locked");
            Assert.Contains("Cooling off.", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var events = await team.Moderator.Api.GetJsonAsync($"/api/v1/documents/{documentId}/events");
        var types = events["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToArray();
        Assert.Equal(["content-flagged", "content-hidden", "thread-locked"], types[^3..]);

        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/unlock");
        await team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/replies", new { body = "Thanks." });
    }

    [Theory]
    [InlineData("{\"item\": \"everything\", \"reason\": \"x\"}", HttpStatusCode.UnprocessableEntity, "value-unknown")]
    [InlineData("{\"item\": \"annotation\", \"reason\": \"  \"}", HttpStatusCode.UnprocessableEntity, "moderation-reason-required")]
    [InlineData("{\"item\": \"reply\", \"itemId\": \"nope\", \"reason\": \"Spam.\"}", HttpStatusCode.NotFound, "reply-not-found")]
    public async Task GivenABadHideRequest_WhenSent_ThenAProblemAndNothingIsRecorded(string body, HttpStatusCode status, string code)
    {
        var team = await factory.SharedAsync("moderation-team", () => Team.CreateAsync(factory));
        var documentId = await team.ImportAsync("Budget speech", "The mayor said crime fell 20% last year.");
        var claimId = (await team.AnnotateAsync(documentId, new { exact = "crime fell 20%" }))["id"]!.GetValue<string>();
        var before = await team.Moderator.Api.VersionAsync(documentId);

        using var response = await team.Moderator.Api.SendRawAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations/{claimId}/moderation/hide", body);

        await ApiAssert.ProblemAsync(response, status, code);
        Assert.Equal(before, await team.Moderator.Api.VersionAsync(documentId));
    }
}
