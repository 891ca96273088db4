using System.Net;
using System.Text;
using System.Text.Json;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>Each class of bad request gets its status and a problem body, and changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFactory factory)
{
    private const string Text = "The mayor said crime fell 20% last year. Critics said crime rose.";

    /// <summary>
    /// A document with an open claim by the second reviewer (no votes), a disputed claim (both reviewers voted) and a
    /// resolved claim, shared by every case.
    /// </summary>
    private sealed record Scenario(Team Team, string DocumentId, string ClaimId, string DisputedId, string ResolvedId)
    {
        public string Document => $"/api/v1/documents/{DocumentId}";

        public string Annotations => $"{Document}/annotations";

        public string Claim => $"{Annotations}/{ClaimId}";

        public string Disputed => $"{Annotations}/{DisputedId}";
    }

    /// <summary>
    /// One bad request: who sends it, where, with what (<see cref="Body"/> serialised as JSON, or <see cref="Raw"/> sent
    /// as is with <see cref="ContentType"/>), and the status and problem code it must get.
    /// </summary>
    private sealed record Case(
        HttpStatusCode Status,
        string Code,
        HttpMethod Method,
        Func<Scenario, string> Url,
        object? Body = null,
        string? Raw = null,
        string ContentType = "application/json",
        string? IfMatch = null,
        Func<Team, Member>? As = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // 400: the request cannot be read
        ["malformed JSON"] = new(HttpStatusCode.BadRequest, "malformed-request", HttpMethod.Post, s => s.Annotations, Raw: """{"kind": "claim", "target": {"exact": "crime" """),
        ["empty body"] = new(HttpStatusCode.BadRequest, "malformed-request", HttpMethod.Post, s => s.Annotations, Raw: ""),
        ["null body"] = new(HttpStatusCode.BadRequest, "malformed-request", HttpMethod.Post, s => s.Annotations, Raw: "null"),
        ["missing kind"] = new(HttpStatusCode.BadRequest, "field-required", HttpMethod.Post, s => s.Annotations, new { target = new { exact = "crime fell" } }),
        ["missing target"] = new(HttpStatusCode.BadRequest, "field-required", HttpMethod.Post, s => s.Annotations, new { kind = "claim" }),
        ["range without end"] = new(HttpStatusCode.BadRequest, "field-required", HttpMethod.Post, s => s.Annotations, new { kind = "claim", target = new { start = 3 } }),
        ["null reply body"] = new(HttpStatusCode.BadRequest, "field-required", HttpMethod.Post, s => $"{s.Claim}/replies", Raw: """{"body": null}"""),
        ["missing verdict"] = new(HttpStatusCode.BadRequest, "field-required", HttpMethod.Put, s => $"{s.Claim}/votes/me", new { rationale = "No verdict." }),
        ["number for a list"] = new(HttpStatusCode.BadRequest, "malformed-request", HttpMethod.Post, s => s.Annotations, Raw: """{"kind": "claim", "target": {"exact": "crime fell"}, "tags": 5}"""),
        ["text for a number"] = new(HttpStatusCode.BadRequest, "malformed-request", HttpMethod.Post, s => s.Annotations, Raw: """{"kind": "claim", "target": {"start": "abc", "end": 3}}"""),
        ["object for a string"] = new(HttpStatusCode.BadRequest, "malformed-request", HttpMethod.Post, s => $"{s.Claim}/replies", Raw: """{"body": {"text": "hi"}}"""),
        ["If-Match not a version"] = new(HttpStatusCode.BadRequest, "if-match-invalid", HttpMethod.Put, s => $"{s.Claim}/votes/me", new { verdict = "false" }, IfMatch: "yesterday"),
        ["after not a number"] = new(HttpStatusCode.BadRequest, "malformed-request", HttpMethod.Get, s => $"{s.Document}/events?after=abc"),
        ["unknown route"] = new(HttpStatusCode.NotFound, "route-not-found", HttpMethod.Get, s => $"{s.Claim}/likes"),
        ["wrong method"] = new(HttpStatusCode.MethodNotAllowed, "method-not-allowed", HttpMethod.Put, s => s.Annotations, new { kind = "claim" }),
        ["not JSON"] = new(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", HttpMethod.Post, s => s.Annotations, Raw: "kind=claim", ContentType: "application/x-www-form-urlencoded"),

        // 403: the role (or authorship) does not allow it
        ["viewer annotates"] = new(HttpStatusCode.Forbidden, "role-forbidden", HttpMethod.Post, s => s.Annotations, new { kind = "claim", target = new { exact = "crime fell" } }, As: t => t.Viewer),
        ["viewer imports"] = new(HttpStatusCode.Forbidden, "role-forbidden", HttpMethod.Post, s => $"/api/v1/workspaces/{s.Team.WorkspaceId}/documents", new { title = "T", content = "Text.", format = "text" }, As: t => t.Viewer),
        ["reviewer resolves"] = new(HttpStatusCode.Forbidden, "role-forbidden", HttpMethod.Post, s => $"{s.Claim}/resolution", new { verdict = "false", rationale = "I say so." }),
        ["reviewer edits another's claim"] = new(HttpStatusCode.Forbidden, "not-author", HttpMethod.Patch, s => s.Claim, new { body = "Mine now." }),

        // 404: unknown (or foreign) document, unknown annotation
        ["unknown document"] = new(HttpStatusCode.NotFound, "document-not-found", HttpMethod.Post, _ => "/api/v1/documents/doc-nope/annotations", new { kind = "claim", target = new { exact = "crime" } }),
        ["unknown annotation"] = new(HttpStatusCode.NotFound, "annotation-not-found", HttpMethod.Put, s => $"{s.Annotations}/ann-nope/votes/me", new { verdict = "false" }),
        ["unknown workspace"] = new(HttpStatusCode.NotFound, "workspace-not-found", HttpMethod.Post, _ => "/api/v1/workspaces/ws-nope/documents", new { title = "T", content = "Text." }),

        // 409: conflicts with the current state; 412: the If-Match version is not the current one
        ["stale If-Match"] = new(HttpStatusCode.PreconditionFailed, "version-mismatch", HttpMethod.Put, s => $"{s.Claim}/votes/me", new { verdict = "false" }, IfMatch: "\"1\""),
        ["vote on a resolved claim"] = new(HttpStatusCode.Conflict, "claim-resolved", HttpMethod.Put, s => $"{s.Annotations}/{s.ResolvedId}/votes/me", new { verdict = "false" }),
        ["reopen an open claim"] = new(HttpStatusCode.Conflict, "claim-not-resolved", HttpMethod.Post, s => $"{s.Claim}/reopen", As: t => t.Moderator),
        ["ruling on an open claim"] = new(HttpStatusCode.Conflict, "claim-voting-open", HttpMethod.Post, s => $"{s.Claim}/resolution", new { verdict = "false", rationale = "No need to wait." }, As: t => t.Moderator),
        ["admin rules on an open claim"] = new(HttpStatusCode.Conflict, "claim-voting-open", HttpMethod.Post, s => $"{s.Claim}/resolution", new { verdict = "true", rationale = "I say so." }, As: t => t.Admin),
        ["ruling on a resolved claim"] = new(HttpStatusCode.Conflict, "claim-resolved", HttpMethod.Post, s => $"{s.Annotations}/{s.ResolvedId}/resolution", new { verdict = "false", rationale = "Again." }, As: t => t.Moderator),

        // 413: too large
        ["body over the domain limit"] = new(HttpStatusCode.RequestEntityTooLarge, "body-too-large", HttpMethod.Post, s => $"{s.Claim}/replies", new { body = new string('x', 20_001) }),
        ["request over the body limit"] = new(HttpStatusCode.RequestEntityTooLarge, "request-too-large", HttpMethod.Post, s => $"/api/v1/workspaces/{s.Team.WorkspaceId}/documents",
            new { title = "Huge", content = new string('x', (int)ApiFactory.MaxRequestBytes + 1) }),

        // 422: well-formed but invalid
        ["quote not in the text"] = new(HttpStatusCode.UnprocessableEntity, "quote-not-found", HttpMethod.Post, s => s.Annotations, new { kind = "claim", target = new { exact = "unicorns" } }),
        ["ambiguous quote"] = new(HttpStatusCode.UnprocessableEntity, "quote-ambiguous", HttpMethod.Post, s => s.Annotations, new { kind = "claim", target = new { exact = "said" } }),
        ["range outside the text"] = new(HttpStatusCode.UnprocessableEntity, "range-out-of-bounds", HttpMethod.Post, s => s.Annotations, new { kind = "claim", target = new { start = 10, end = 10_000 } }),
        ["vote without a rationale"] = new(HttpStatusCode.UnprocessableEntity, "rationale-required", HttpMethod.Put, s => $"{s.Claim}/votes/me", new { verdict = "false" }),
        ["vote with a blank rationale"] = new(HttpStatusCode.UnprocessableEntity, "rationale-required", HttpMethod.Put, s => $"{s.Claim}/votes/me", new { verdict = "false", rationale = "  " }),
        ["reopen without a reason"] = new(HttpStatusCode.UnprocessableEntity, "rationale-required", HttpMethod.Post, s => $"{s.Annotations}/{s.ResolvedId}/reopen", As: t => t.Moderator),
        ["reopen with a blank reason"] = new(HttpStatusCode.UnprocessableEntity, "rationale-required", HttpMethod.Post, s => $"{s.Annotations}/{s.ResolvedId}/reopen", new { rationale = " " }, As: t => t.Moderator),
        ["unknown verdict"] = new(HttpStatusCode.UnprocessableEntity, "verdict-unknown", HttpMethod.Put, s => $"{s.Claim}/votes/me", new { verdict = "pants-on-fire" }),
        ["unknown kind"] = new(HttpStatusCode.UnprocessableEntity, "value-unknown", HttpMethod.Post, s => s.Annotations, new { kind = "rumour", target = new { exact = "crime fell" } }),
        ["unknown stance"] = new(HttpStatusCode.UnprocessableEntity, "value-unknown", HttpMethod.Post, s => $"{s.Claim}/sources", new { title = "T", stance = "maybe", url = "https://example.org" }),
        ["unknown import format"] = new(HttpStatusCode.UnprocessableEntity, "format-unknown", HttpMethod.Post, s => $"/api/v1/workspaces/{s.Team.WorkspaceId}/documents", new { title = "T", content = "Text.", format = "docx" }),
        ["empty title"] = new(HttpStatusCode.UnprocessableEntity, "title-required", HttpMethod.Post, s => $"/api/v1/workspaces/{s.Team.WorkspaceId}/documents", new { title = " ", content = "Text." }),
        ["empty reply"] = new(HttpStatusCode.UnprocessableEntity, "body-required", HttpMethod.Post, s => $"{s.Claim}/replies", new { body = "" }),
        ["ruling without a rationale"] = new(HttpStatusCode.UnprocessableEntity, "rationale-required", HttpMethod.Post, s => $"{s.Disputed}/resolution", new { verdict = "false", rationale = "" }, As: t => t.Moderator),
        ["source with url and document"] = new(HttpStatusCode.UnprocessableEntity, "source-location-invalid", HttpMethod.Post, s => $"{s.Claim}/sources",
            new { title = "T", stance = "context", url = "https://example.org", documentId = "doc-x", target = new { exact = "x" } }),
        ["source url not http"] = new(HttpStatusCode.UnprocessableEntity, "url-invalid", HttpMethod.Post, s => $"{s.Claim}/sources", new { title = "T", stance = "context", url = "javascript:alert(1)" }),
        ["id with a slash"] = new(HttpStatusCode.UnprocessableEntity, "id-invalid", HttpMethod.Post, s => s.Annotations, new { kind = "claim", target = new { exact = "crime fell" }, id = "a/b" }),
        ["negative after"] = new(HttpStatusCode.UnprocessableEntity, "after-invalid", HttpMethod.Get, s => $"{s.Document}/events?after=-1"),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task GivenABadRequest_WhenSent_ThenItGetsItsStatusAsAProblemAndNothingChanges(string name)
    {
        var bad = Cases[name];
        var scenario = await factory.SharedAsync("bad-input", () => CreateScenarioAsync(factory));
        var reader = scenario.Team.Admin.Api;
        var versionBefore = await reader.VersionAsync(scenario.DocumentId);
        var documentsBefore = (await reader.GetJsonAsync($"/api/v1/workspaces/{scenario.Team.WorkspaceId}/documents"))["documents"]!.AsArray().Count;

        var sender = (bad.As ?? (t => t.Reviewer))(scenario.Team).Api;
        using var request = new HttpRequestMessage(bad.Method, bad.Url(scenario));
        if (bad.Raw is not null || bad.Body is not null)
        {
            request.Content = new StringContent(bad.Raw ?? JsonSerializer.Serialize(bad.Body), Encoding.UTF8, bad.ContentType);
        }

        if (bad.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", bad.IfMatch);
        }

        using var response = await sender.Http.SendAsync(request);

        await ApiAssert.ProblemAsync(response, bad.Status, bad.Code);
        Assert.False(response.Headers.Contains("ETag"), "a rejected write must not announce a new version");
        Assert.Equal(versionBefore, await reader.VersionAsync(scenario.DocumentId));
        Assert.Equal(documentsBefore, (await reader.GetJsonAsync($"/api/v1/workspaces/{scenario.Team.WorkspaceId}/documents"))["documents"]!.AsArray().Count);
    }

    private static async Task<Scenario> CreateScenarioAsync(ApiFactory factory)
    {
        var team = await Team.CreateAsync(factory, "Bad input desk");
        var documentId = await team.ImportAsync("Speech", Text);
        var claim = await team.AnnotateAsync(documentId, new { exact = "crime fell 20%" }, author: team.SecondReviewer);
        var disputed = await team.AnnotateAsync(documentId, new { exact = "last year" }, author: team.SecondReviewer);
        var resolved = await team.AnnotateAsync(documentId, new { exact = "crime rose" }, author: team.SecondReviewer);
        var scenario = new Scenario(team, documentId, claim["id"]!.GetValue<string>(), disputed["id"]!.GetValue<string>(), resolved["id"]!.GetValue<string>());
        foreach (var url in new[] { scenario.Disputed, $"{scenario.Annotations}/{scenario.ResolvedId}" })
        {
            await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{url}/votes/me", new { verdict = "true", rationale = "The mayor's figures." });
            await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{url}/votes/me", new { verdict = "mostly-false", rationale = "The police figures." });
        }

        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{scenario.Annotations}/{scenario.ResolvedId}/resolution",
            new { verdict = "true", rationale = "It did." });
        return scenario;
    }
}
