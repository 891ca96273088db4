using System.Net;
using AnnotateHub.Domain;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>Every route, called by every kind of caller, answers with the status the role rules give.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccessMatrixTests(ApiFactory factory)
{
    private const string Text = "The mayor said crime fell 20% last year. Critics said crime rose. Taxes fell too.";

    /// <summary>Items made (by others) for one caller to act on, so that no caller's calls depend on another's.</summary>
    private sealed record Items(string WorkspaceId, string DocumentId, string ClaimId, string DoomedId, string ReplyId, string SourceId, string ResolvedId)
    {
        public string Document => $"/api/v1/documents/{DocumentId}";

        public string Claim => $"{Document}/annotations/{ClaimId}";
    }

    /// <summary>Expected statuses: anonymous, viewer, reviewer, moderator, admin, member of another workspace.</summary>
    private sealed record Expect(int Anonymous, int Viewer, int Reviewer, int Moderator, int Admin, int Outsider);

    private sealed record Route(string Name, HttpMethod Method, Func<Items, string> Url, object? Body, Expect Expect);

    private static readonly Expect Read = new(401, 200, 200, 200, 200, 404);
    private static readonly Expect Create = new(401, 403, 201, 201, 201, 404);
    private static readonly Expect Write = new(401, 403, 200, 200, 200, 404);
    private static readonly Expect OthersItem = new(401, 403, 403, 200, 200, 404);
    private static readonly Expect DeleteOthersItem = new(401, 403, 403, 204, 204, 404);
    private static readonly Expect Moderate = new(401, 403, 403, 200, 200, 404);

    // In the order each caller calls them (the vote comes before the ruling on the same claim).
    private static readonly Route[] Routes =
    [
        new("list workspaces", HttpMethod.Get, _ => "/api/v1/workspaces", null, new Expect(401, 200, 200, 200, 200, 200)),
        new("list documents", HttpMethod.Get, i => $"/api/v1/workspaces/{i.WorkspaceId}/documents", null, Read),
        new("create document", HttpMethod.Post, i => $"/api/v1/workspaces/{i.WorkspaceId}/documents", new { title = "Minutes", content = "Some text.", format = "text" }, Create),
        new("get document", HttpMethod.Get, i => i.Document, null, Read),
        new("get events", HttpMethod.Get, i => $"{i.Document}/events?after=0", null, Read),
        new("create annotation", HttpMethod.Post, i => $"{i.Document}/annotations", new { kind = "comment", target = new { exact = "Taxes fell" } }, Create),
        new("get annotation", HttpMethod.Get, i => i.Claim, null, Read),
        new("edit others' annotation", HttpMethod.Patch, i => i.Claim, new { tags = new[] { "economy" } }, OthersItem),
        new("create reply", HttpMethod.Post, i => $"{i.Claim}/replies", new { body = "Source?" }, Create),
        new("get reply", HttpMethod.Get, i => $"{i.Claim}/replies/{i.ReplyId}", null, Read),
        new("edit others' reply", HttpMethod.Patch, i => $"{i.Claim}/replies/{i.ReplyId}", new { body = "Edited." }, OthersItem),
        new("delete others' reply", HttpMethod.Delete, i => $"{i.Claim}/replies/{i.ReplyId}", null, DeleteOthersItem),
        new("attach source", HttpMethod.Post, i => $"{i.Claim}/sources", new { title = "Stats", stance = "context", url = "https://example.org/stats" }, Create),
        new("get source", HttpMethod.Get, i => $"{i.Claim}/sources/{i.SourceId}", null, Read),
        new("detach others' source", HttpMethod.Delete, i => $"{i.Claim}/sources/{i.SourceId}", null, DeleteOthersItem),
        new("vote", HttpMethod.Put, i => $"{i.Claim}/votes/me", new { verdict = "mixed", rationale = "Partly." }, Write),
        new("resolve", HttpMethod.Post, i => $"{i.Claim}/resolution", new { verdict = "mixed", rationale = "Ruled." }, Moderate),
        new("reopen", HttpMethod.Post, i => $"{i.Document}/annotations/{i.ResolvedId}/reopen", new { rationale = "Again." }, Moderate),
        new("delete others' annotation", HttpMethod.Delete, i => $"{i.Document}/annotations/{i.DoomedId}", null, DeleteOthersItem),
        new("list webhooks", HttpMethod.Get, i => $"/api/v1/workspaces/{i.WorkspaceId}/webhooks", null, new Expect(401, 403, 403, 403, 200, 404)),
        new("register webhook", HttpMethod.Post, i => $"/api/v1/workspaces/{i.WorkspaceId}/webhooks", new { url = "https://93.184.215.14/hook" }, new Expect(401, 403, 403, 403, 201, 404)),
    ];

    [Fact]
    public async Task GivenEveryKindOfCaller_WhenCallingEveryRoute_ThenEachGetsTheStatusItsRoleAllows()
    {
        var team = await Team.CreateAsync(factory, "Matrix desk");
        var otherWorkspace = await factory.CreateWorkspaceAsync("Another desk");
        var outsider = await factory.CreateMemberAsync(otherWorkspace, WorkspaceRole.Admin, "Otto Outsider");
        var documentId = await team.ImportAsync("Speech", Text);
        var callers = new (string Name, ApiClient Api, Func<Expect, int> Expected)[]
        {
            ("anonymous", new ApiClient(factory.Anonymous()), e => e.Anonymous),
            ("viewer", team.Viewer.Api, e => e.Viewer),
            ("reviewer", team.Reviewer.Api, e => e.Reviewer),
            ("moderator", team.Moderator.Api, e => e.Moderator),
            ("admin", team.Admin.Api, e => e.Admin),
            ("outsider", outsider.Api, e => e.Outsider),
        };

        var mismatches = new List<string>();
        foreach (var (name, api, expected) in callers)
        {
            var items = await PrepareAsync(team, documentId);
            foreach (var route in Routes)
            {
                using var response = await api.SendAsync(route.Method, route.Url(items), route.Body);
                var want = expected(route.Expect);
                if ((int)response.StatusCode != want)
                {
                    mismatches.Add($"{name,-10} {route.Name,-26} expected {want}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                else if (want >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    mismatches.Add($"{name,-10} {route.Name,-26} {want} without a problem body ({response.Content.Headers.ContentType})");
                }
            }
        }

        Assert.True(mismatches.Count == 0, "\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public async Task GivenADocumentOfAnotherWorkspace_WhenAnOutsiderAsksForIt_ThenTheAnswerIsTheSameAsForADocumentThatDoesNotExist()
    {
        var team = await Team.CreateAsync(factory, "Private desk");
        var documentId = await team.ImportAsync("Unpublished", Text);
        var outsider = await factory.CreateMemberAsync(await factory.CreateWorkspaceAsync("Rival desk"), WorkspaceRole.Admin);
        var fake = "doc-" + new string('z', documentId.Length - 4);

        foreach (var suffix in new[] { "", "/events", "/annotations/ann-1" })
        {
            using var foreign = await outsider.Api.GetAsync($"/api/v1/documents/{documentId}{suffix}");
            using var unknown = await outsider.Api.GetAsync($"/api/v1/documents/{fake}{suffix}");
            var foreignProblem = await ApiAssert.ProblemAsync(foreign, HttpStatusCode.NotFound, "document-not-found");
            var unknownProblem = await ApiAssert.ProblemAsync(unknown, HttpStatusCode.NotFound, "document-not-found");
            foreignProblem.Remove("traceId");
            unknownProblem.Remove("traceId");
            Assert.Equal(unknownProblem.ToJsonString(), foreignProblem.ToJsonString().Replace(documentId, fake, StringComparison.Ordinal));
        }

        using var workspace = await outsider.Api.GetAsync($"/api/v1/workspaces/{team.WorkspaceId}/documents");
        await ApiAssert.ProblemAsync(workspace, HttpStatusCode.NotFound, "workspace-not-found");
        Assert.DoesNotContain(team.WorkspaceId, (await outsider.Api.GetJsonAsync("/api/v1/workspaces")).ToJsonString());
    }

    [Fact]
    public async Task GivenAPassageOfAnotherWorkspacesDocument_WhenAttachedAsASource_ThenItIsNotFoundAndNothingChanges()
    {
        var team = await Team.CreateAsync(factory, "Linking desk");
        var documentId = await team.ImportAsync("Speech", Text);
        var claim = await team.AnnotateAsync(documentId, new { exact = "crime fell 20%" });
        var rival = await Team.CreateAsync(factory, "Rival linking desk");
        var foreignId = await rival.ImportAsync("Their notes", "Crime rose, say our notes.");
        var version = await team.Reviewer.Api.VersionAsync(documentId);

        using var response = await team.Reviewer.Api.SendAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations/{claim["id"]!.GetValue<string>()}/sources",
            new { title = "Their notes", stance = "refutes", documentId = foreignId, target = new { exact = "Crime rose" } });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "document-not-found");
        Assert.Equal(version, await team.Reviewer.Api.VersionAsync(documentId));
    }

    [Fact]
    public async Task GivenABadOrMissingToken_WhenCallingTheApi_ThenItIsUnauthorizedWithAProblem()
    {
        using var none = await factory.Anonymous().GetAsync("/api/v1/workspaces");
        await ApiAssert.ProblemAsync(none, HttpStatusCode.Unauthorized);

        using var bad = await factory.WithToken("ahp_not-a-real-token").GetAsync("/api/v1/workspaces");
        await ApiAssert.ProblemAsync(bad, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", bad.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>
    /// A claim whose two reviewers' votes reached the quorum (so a moderator may rule on it), another claim to delete, a
    /// reply and a source by the second reviewer, and a claim the moderator resolved after both reviewers voted.
    /// </summary>
    private static async Task<Items> PrepareAsync(Team team, string documentId)
    {
        var claim = await team.AnnotateAsync(documentId, new { exact = "crime fell 20%" }, author: team.SecondReviewer);
        var doomed = await team.AnnotateAsync(documentId, new { exact = "Critics said" }, kind: "comment", author: team.SecondReviewer);
        var resolved = await team.AnnotateAsync(documentId, new { exact = "crime rose" }, author: team.SecondReviewer);
        var claimUrl = $"/api/v1/documents/{documentId}/annotations/{claim["id"]!.GetValue<string>()}";
        var resolvedUrl = $"/api/v1/documents/{documentId}/annotations/{resolved["id"]!.GetValue<string>()}";
        var reply = await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/replies", new { body = "Checking." });
        var source = await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"{claimUrl}/sources",
            new { title = "Report", stance = "refutes", url = "https://example.org/report" });
        foreach (var (voter, url) in new[] { (team.Reviewer, claimUrl), (team.SecondReviewer, claimUrl), (team.Reviewer, resolvedUrl), (team.SecondReviewer, resolvedUrl) })
        {
            await voter.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{url}/votes/me", new { verdict = "false", rationale = "The police data." });
        }

        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{resolvedUrl}/resolution", new { verdict = "true", rationale = "It did." });
        return new Items(team.WorkspaceId, documentId, Id(claim), Id(doomed), Id(reply), Id(source), Id(resolved));

        static string Id(System.Text.Json.Nodes.JsonNode node) => node["id"]!.GetValue<string>();
    }
}
