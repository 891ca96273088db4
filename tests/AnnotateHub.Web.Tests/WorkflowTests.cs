using System.Net;
using System.Text.Json.Nodes;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>The whole review loop through the HTTP API, as an integration would drive it.</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkflowTests(ApiFactory factory)
{
    // Two emoji before the claims: each is one code point but two UTF-16 units, so every position below differs
    // between the two counts.
    private const string Article =
        "🚀🎉 Budget day in Springfield.\n" +
        "The mayor said crime fell 20% last year. Critics said crime rose.\n" +
        "The mayor said taxes fell.";

    private const string Report =
        "Police annual report 2024.\nRecorded crime rose 4% compared with the year before.";

    [Fact]
    public async Task GivenATeam_WhenTheyReviewAnImportedDocument_ThenClaimsGoThroughConsensusDisputeResolutionAndReopen()
    {
        var team = await Team.CreateAsync(factory);

        // The admin sees the workspace and their role in it.
        var workspaces = await team.Admin.Api.GetJsonAsync("/api/v1/workspaces");
        var listed = Assert.Single(workspaces["workspaces"]!.AsArray(), w => w!["id"]!.GetValue<string>() == team.WorkspaceId)!;
        Assert.Equal("Politics desk", listed["name"]!.GetValue<string>());
        Assert.Equal("admin", listed["role"]!.GetValue<string>());

        // Import: 201, Location, ETag = version 1.
        using var created = await team.Reviewer.Api.SendAsync(HttpMethod.Post, team.DocumentsUrl, new { title = "Budget speech", content = Article, format = "text" });
        var document = await ApiClient.ReadAsync(created, HttpStatusCode.Created);
        var documentId = document["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/documents/{documentId}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.ToString());
        Assert.Equal(team.WorkspaceId, document["workspaceId"]!.GetValue<string>());
        Assert.Equal(Article, document["text"]!.GetValue<string>());
        Assert.Equal(1, document["version"]!.GetValue<long>());
        var reportId = await team.ImportAsync("Police report", Report);

        // A claim by quote: positions are code points.
        var crimeFell = await team.AnnotateAsync(documentId, new { exact = "crime fell 20% last year" }, body: "Check the police data.");
        AssertTarget(crimeFell["target"]!, "crime fell 20% last year");
        Assert.Equal("claim", crimeFell["kind"]!.GetValue<string>());
        Assert.Equal("open", crimeFell["status"]!.GetValue<string>());
        Assert.Equal("Rita Reviewer", crimeFell["author"]!["name"]!.GetValue<string>());
        var crimeFellId = crimeFell["id"]!.GetValue<string>();
        var crimeFellUrl = $"/api/v1/documents/{documentId}/annotations/{crimeFellId}";

        // A claim by range (code points): the quote and its context are filled in.
        var criticsStart = CodePoints(Article[..Article.IndexOf("Critics", StringComparison.Ordinal)]);
        var critics = await team.AnnotateAsync(documentId, new { start = criticsStart, end = criticsStart + "Critics said crime rose".Length }, author: team.SecondReviewer);
        AssertTarget(critics["target"]!, "Critics said crime rose");
        var criticsUrl = $"/api/v1/documents/{documentId}/annotations/{critics["id"]!.GetValue<string>()}";

        // A reply in the thread.
        var reply = await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{crimeFellUrl}/replies", new { body = "The 2024 report says otherwise." });
        Assert.Equal("Rob Reviewer", reply["author"]!["name"]!.GetValue<string>());

        // A web source and a passage of the other document as sources.
        var web = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{crimeFellUrl}/sources",
            new { title = "City statistics", stance = "refutes", url = "https://stats.example.org/crime", quote = "up 4%" });
        Assert.Equal("refutes", web["stance"]!.GetValue<string>());
        Assert.Equal("https://stats.example.org/crime", web["url"]!.GetValue<string>());
        var passage = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{crimeFellUrl}/sources",
            new { title = "Police report", stance = "refutes", documentId = reportId, target = new { exact = "Recorded crime rose 4%" } });
        Assert.Equal(reportId, passage["documentId"]!.GetValue<string>());
        Assert.Equal("Recorded crime rose 4%", passage["target"]!["exact"]!.GetValue<string>());
        Assert.Equal(Report.IndexOf("Recorded", StringComparison.Ordinal), passage["target"]!["start"]!.GetValue<int>());

        // Two agreeing votes reach the quorum: consensus.
        var afterFirstVote = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{crimeFellUrl}/votes/me", new { verdict = "false", rationale = "Police data show a rise." });
        Assert.Equal("open", afterFirstVote["status"]!.GetValue<string>());
        var consensus = await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{crimeFellUrl}/votes/me", new { verdict = "false", rationale = "Agreed." });
        Assert.Equal("consensus", consensus["status"]!.GetValue<string>());
        Assert.Equal(new[] { "Rita Reviewer", "Rob Reviewer" }, consensus["votes"]!.AsArray().Select(v => v!["user"]!["name"]!.GetValue<string>()));

        // Two different verdicts: disputed.
        await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{criticsUrl}/votes/me", new { verdict = "true", rationale = "They did." });
        var disputed = await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{criticsUrl}/votes/me", new { verdict = "mostly-true", rationale = "Some did." });
        Assert.Equal("disputed", disputed["status"]!.GetValue<string>());

        // A moderator rules; the minority view is kept.
        var resolved = await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{criticsUrl}/resolution", new { verdict = "true", rationale = "The council minutes record it." });
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        Assert.Equal("true", resolved["resolution"]!["verdict"]!.GetValue<string>());
        Assert.Equal("Mo Moderator", resolved["resolution"]!["resolvedBy"]!["name"]!.GetValue<string>());
        var minority = Assert.Single(resolved["resolution"]!["minorityVotes"]!.AsArray())!;
        Assert.Equal("mostly-true", minority["verdict"]!.GetValue<string>());

        // Votes on a resolved claim are frozen until a moderator reopens it.
        using (var frozen = await team.Reviewer.Api.SendAsync(HttpMethod.Put, $"{criticsUrl}/votes/me", new { verdict = "false", rationale = "Changed my mind." }))
        {
            await ApiAssert.ProblemAsync(frozen, HttpStatusCode.Conflict, "claim-resolved");
        }

        var reopened = await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{criticsUrl}/reopen", new { rationale = "New evidence." });
        Assert.Equal("disputed", reopened["status"]!.GetValue<string>());
        Assert.Null(reopened["resolution"]);

        // The document shows it all.
        var final = await team.Viewer.Api.GetJsonAsync($"/api/v1/documents/{documentId}");
        var annotations = final["annotations"]!.AsArray();
        Assert.Equal(2, annotations.Count);
        var first = annotations.Single(a => a!["id"]!.GetValue<string>() == crimeFellId)!;
        Assert.Equal("consensus", first["status"]!.GetValue<string>());
        Assert.Single(first["replies"]!.AsArray());
        Assert.Equal(2, first["sources"]!.AsArray().Count);

        // The change feed has every change, in order, with its type.
        var feed = await team.Viewer.Api.GetJsonAsync($"/api/v1/documents/{documentId}/events?after=0");
        var events = feed["events"]!.AsArray();
        Assert.Equal(final["version"]!.GetValue<long>(), feed["version"]!.GetValue<long>());
        Assert.False(feed["hasMore"]!.GetValue<bool>());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e!["sequence"]!.GetValue<long>()));
        var types = events.Select(e => e!["type"]!.GetValue<string>()).ToArray();
        Assert.Equal("document-created", types[0]);
        Assert.Contains("reply-added", types);
        Assert.Contains("source-attached", types);
        Assert.Contains("claim-resolved", types);
        Assert.Equal("claim-reopened", types[^1]);

        var since = await team.Viewer.Api.GetJsonAsync($"/api/v1/documents/{documentId}/events?after={events.Count - 1}");
        Assert.Equal("claim-reopened", Assert.Single(since["events"]!.AsArray())!["type"]!.GetValue<string>());

        // The workspace listing counts claims by status.
        var listing = await team.Viewer.Api.GetJsonAsync(team.DocumentsUrl);
        var summary = listing["documents"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == documentId)!;
        Assert.Equal(1, summary["claims"]!["consensus"]!.GetValue<int>());
        Assert.Equal(1, summary["claims"]!["disputed"]!.GetValue<int>());
    }

    [Fact]
    public async Task GivenAnOpenClaim_WhenAModeratorRulesBeforeTheVotesReachTheQuorum_ThenConflictAndNothingChanges_UntilTheVotesDo()
    {
        var team = await factory.SharedAsync("workflow-team", () => Team.CreateAsync(factory));
        var documentId = await team.ImportAsync("Budget speech", Article);
        var claim = await team.AnnotateAsync(documentId, new { exact = "crime fell 20% last year" });
        var claimUrl = $"/api/v1/documents/{documentId}/annotations/{claim["id"]!.GetValue<string>()}";
        var ruling = new { verdict = "false", rationale = "The police report says crime rose 4%." };

        // No votes, then one of the two the quorum needs: the ruling is refused and the document does not change.
        for (var votes = 0; votes < 2; votes++)
        {
            if (votes == 1)
            {
                await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claimUrl}/votes/me", new { verdict = "false", rationale = "Police data show a rise." });
            }

            var version = await team.Moderator.Api.VersionAsync(documentId);
            using var early = await team.Moderator.Api.SendAsync(HttpMethod.Post, $"{claimUrl}/resolution", ruling);

            var problem = await ApiAssert.ProblemAsync(early, HttpStatusCode.Conflict, "claim-voting-open");
            Assert.Contains($"{votes} of the 2 vote(s)", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(early.Headers.Contains("ETag"), "a refused ruling must not announce a new version");
            Assert.Equal(version, await team.Moderator.Api.VersionAsync(documentId));
            var unchanged = await team.Viewer.Api.GetJsonAsync(claimUrl);
            Assert.Equal("open", unchanged["status"]!.GetValue<string>());
            Assert.Null(unchanged["resolution"]);
            Assert.Equal(votes, unchanged["votes"]!.AsArray().Count);
        }

        // The second vote reaches the quorum: now the moderator may rule.
        var disputed = await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{claimUrl}/votes/me", new { verdict = "mostly-false", rationale = "It fell in one district." });
        Assert.Equal("disputed", disputed["status"]!.GetValue<string>());
        var resolved = await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{claimUrl}/resolution", ruling);
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        Assert.Equal("false", resolved["resolution"]!["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenAQuoteThatOccursTwice_WhenItsSuffixIsGiven_ThenTheMatchingOccurrenceIsAnnotated()
    {
        var team = await factory.SharedAsync("workflow-team", () => Team.CreateAsync(factory));
        var documentId = await team.ImportAsync("Budget speech", Article);

        var taxes = await team.AnnotateAsync(documentId, new { exact = "The mayor said", suffix = " taxes" }, kind: "question");

        var secondOccurrence = CodePoints(Article[..Article.LastIndexOf("The mayor said", StringComparison.Ordinal)]);
        Assert.Equal(secondOccurrence, taxes["target"]!["start"]!.GetValue<int>());
        Assert.Equal("question", taxes["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenAnAnnotation_WhenItsAuthorEditsAndDeletesIt_ThenTheDocumentNoLongerShowsIt()
    {
        var team = await factory.SharedAsync("workflow-team", () => Team.CreateAsync(factory));
        var documentId = await team.ImportAsync("Budget speech", Article);
        var comment = await team.AnnotateAsync(documentId, new { exact = "Budget day" }, kind: "comment", body: "Which year?");
        var url = $"/api/v1/documents/{documentId}/annotations/{comment["id"]!.GetValue<string>()}";

        var edited = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, url, new { body = "Which budget?", tags = new[] { "context", "date" } });
        Assert.Equal("Which budget?", edited["body"]!.GetValue<string>());
        Assert.Equal(new[] { "context", "date" }, edited["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.NotNull(edited["editedAt"]);

        var reply = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{url}/replies", new { body = "2025, I think." });
        var replyUrl = $"{url}/replies/{reply["id"]!.GetValue<string>()}";
        Assert.Equal("2025, surely.", (await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, replyUrl, new { body = "2025, surely." }))["body"]!.GetValue<string>());
        await team.Reviewer.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, replyUrl);
        var versionBeforeDelete = await team.Reviewer.Api.VersionAsync(documentId);
        using (var deleted = await team.Reviewer.Api.SendAsync(HttpMethod.Delete, url))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal($"\"{versionBeforeDelete + 1}\"", deleted.Headers.ETag?.ToString());
        }

        var document = await team.Reviewer.Api.GetJsonAsync($"/api/v1/documents/{documentId}");
        Assert.Empty(document["annotations"]!.AsArray());
        using var gone = await team.Reviewer.Api.GetAsync(url);
        await ApiAssert.ProblemAsync(gone, HttpStatusCode.NotFound, "annotation-not-found");
    }

    [Fact]
    public async Task GivenMarkdownAndHtml_WhenImported_ThenTheDocumentHoldsTheirPlainText()
    {
        var team = await factory.SharedAsync("workflow-team", () => Team.CreateAsync(factory));

        var markdown = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, team.DocumentsUrl,
            new { title = "Notes", format = "markdown", content = "# Budget\n\nThe mayor said **crime fell** by [20%](https://example.org).\n\n- one\n- two" });
        var markdownText = markdown["text"]!.GetValue<string>();
        Assert.Contains("Budget", markdownText);
        Assert.Contains("The mayor said crime fell by 20%.", markdownText);
        Assert.DoesNotContain("**", markdownText);
        Assert.DoesNotContain("#", markdownText);
        Assert.DoesNotContain("https://", markdownText);

        var html = await team.Reviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, team.DocumentsUrl,
            new
            {
                title = "Page",
                format = "html",
                content = "<html><head><title>T</title><style>p{color:red}</style></head><body><h1>Budget</h1>" +
                          "<script>alert('x')</script><p>The mayor said <b>crime&nbsp;fell</b> &amp; taxes rose.</p><p>Line one<br>line two</p></body></html>",
            });
        Assert.Equal("Budget\n\nThe mayor said crime\u00A0fell & taxes rose.\n\nLine one\nline two", html["text"]!.GetValue<string>());
    }

    private static void AssertTarget(JsonNode target, string exact)
    {
        var utf16Start = Article.IndexOf(exact, StringComparison.Ordinal);
        var start = CodePoints(Article[..utf16Start]);
        Assert.NotEqual(utf16Start, start);
        Assert.Equal(exact, target["exact"]!.GetValue<string>());
        Assert.Equal(start, target["start"]!.GetValue<int>());
        Assert.Equal(start + CodePoints(exact), target["end"]!.GetValue<int>());
        Assert.EndsWith(Article[Math.Max(0, utf16Start - 10)..utf16Start], target["prefix"]!.GetValue<string>());
        Assert.StartsWith(Article.Substring(utf16Start + exact.Length, 5), target["suffix"]!.GetValue<string>());
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();
}
