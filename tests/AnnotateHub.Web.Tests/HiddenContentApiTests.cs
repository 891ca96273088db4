using System.Net;
using System.Text.Json.Nodes;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>What a moderator hid reaches nobody else through the API: they get the mark and the reason, not the text.</summary>
[Collection(ApiCollection.Name)]
public sealed class HiddenContentApiTests(ApiFactory factory)
{
    private const string SpamReply = "Buy cheap pills at pills.example today";
    private const string SpamTitle = "Pill shop deals";
    private const string SpamQuote = "Cheapest pills online";
    private const string RudeBody = "Only fools believe the mayor";

    [Fact]
    public async Task GivenAHiddenReplySourceAndAnnotation_WhenANonModeratorReadsTheDocument_ThenTheirTextIsWithheld_AndAModeratorSeesItMarked()
    {
        var team = await Team.CreateAsync(factory, "Moderated desk");
        var documentId = await team.ImportAsync("Budget speech", "The mayor said crime fell 20% last year.");
        var claimId = (await team.AnnotateAsync(documentId, new { exact = "crime fell 20%" }, author: team.SecondReviewer, body: RudeBody))["id"]!.GetValue<string>();
        var claimUrl = $"/api/v1/documents/{documentId}/annotations/{claimId}";
        var replyId = (await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/replies", new { body = SpamReply }))["id"]!.GetValue<string>();
        var sourceId = (await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/sources",
            new { title = SpamTitle, stance = "supports", url = "https://pills.example/shop", quote = SpamQuote }))["id"]!.GetValue<string>();
        await team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/replies", new { body = "Police data say otherwise." });

        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/hide", new { item = "reply", itemId = replyId, reason = "Spam." });
        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/hide", new { item = "source", itemId = sourceId, reason = "Spam link." });
        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/hide", new { item = "annotation", reason = "Insult." });

        string[] hiddenTexts = [SpamReply, "pills.example", SpamTitle, SpamQuote, RudeBody];
        foreach (var reader in new[] { team.Reviewer, team.Viewer })
        {
            using var response = await reader.Api.GetAsync($"/api/v1/documents/{documentId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var raw = await response.Content.ReadAsStringAsync();
            foreach (var text in hiddenTexts)
            {
                Assert.DoesNotContain(text, raw, StringComparison.Ordinal);
            }

            var claim = JsonNode.Parse(raw)!["annotations"]![0]!;
            Assert.Equal(string.Empty, claim["body"]!.GetValue<string>());
            Assert.Equal("Insult.", claim["hidden"]!["reason"]!.GetValue<string>());
            var replies = claim["replies"]!.AsArray();
            Assert.Equal("Spam.", replies.Single(r => r!["id"]!.GetValue<string>() == replyId)!["hidden"]!["reason"]!.GetValue<string>());
            Assert.Equal(team.Moderator.Id, replies.Single(r => r!["id"]!.GetValue<string>() == replyId)!["hidden"]!["by"]!["id"]!.GetValue<string>());
            Assert.Contains(replies, r => r!["body"]!.GetValue<string>() == "Police data say otherwise." && r["hidden"] is null);
            Assert.Equal("Spam link.", claim["sources"]![0]!["hidden"]!["reason"]!.GetValue<string>());

            foreach (var url in new[] { $"{claimUrl}/replies/{replyId}", $"{claimUrl}/sources/{sourceId}", claimUrl, $"/api/v1/documents/{documentId}/events" })
            {
                var text = await (await reader.Api.GetAsync(url)).Content.ReadAsStringAsync();
                Assert.All(hiddenTexts, hidden => Assert.DoesNotContain(hidden, text, StringComparison.Ordinal));
            }
        }

        using var moderatorResponse = await team.Moderator.Api.GetAsync($"/api/v1/documents/{documentId}");
        var moderatorView = JsonNode.Parse(await moderatorResponse.Content.ReadAsStringAsync())!["annotations"]![0]!;
        Assert.Equal(RudeBody, moderatorView["body"]!.GetValue<string>());
        Assert.Equal("Insult.", moderatorView["hidden"]!["reason"]!.GetValue<string>());
        var hiddenReply = moderatorView["replies"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == replyId)!;
        Assert.Equal(SpamReply, hiddenReply["body"]!.GetValue<string>());
        Assert.Equal("Spam.", hiddenReply["hidden"]!["reason"]!.GetValue<string>());
        Assert.Equal(SpamTitle, moderatorView["sources"]![0]!["title"]!.GetValue<string>());
        var events = (await team.Moderator.Api.GetJsonAsync($"/api/v1/documents/{documentId}/events")).ToJsonString();
        Assert.Contains(SpamQuote, events, StringComparison.Ordinal);

        using var readerResponse = await team.Reviewer.Api.GetAsync($"/api/v1/documents/{documentId}");
        Assert.NotEqual(moderatorResponse.Headers.ETag, readerResponse.Headers.ETag); // a cache never answers one with the other's view
    }

    [Fact]
    public async Task GivenAHiddenReply_WhenTheModeratorUnhidesIt_ThenEveryoneReadsItAgain()
    {
        var team = await Team.CreateAsync(factory, "Moderated desk");
        var documentId = await team.ImportAsync("Budget speech", "The mayor said crime fell 20% last year.");
        var claimUrl = $"/api/v1/documents/{documentId}/annotations/{(await team.AnnotateAsync(documentId, new { exact = "crime fell 20%" }))["id"]!.GetValue<string>()}";
        var replyId = (await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/replies", new { body = "Heated, but fair." }))["id"]!.GetValue<string>();
        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/hide", new { item = "reply", itemId = replyId, reason = "Checking." });
        Assert.Equal(string.Empty, (await team.Viewer.Api.GetJsonAsync($"{claimUrl}/replies/{replyId}"))["body"]!.GetValue<string>());

        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/moderation/unhide", new { item = "reply", itemId = replyId });

        var reply = await team.Viewer.Api.GetJsonAsync($"{claimUrl}/replies/{replyId}");
        Assert.Equal("Heated, but fair.", reply["body"]!.GetValue<string>());
        Assert.Null(reply["hidden"]);
    }
}
