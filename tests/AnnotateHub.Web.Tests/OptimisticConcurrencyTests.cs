using System.Net;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary><c>If-Match</c> with the document version: a client writes only over the version it read.</summary>
[Collection(ApiCollection.Name)]
public sealed class OptimisticConcurrencyTests(ApiFactory factory)
{
    private const string Text = "The mayor said crime fell 20% last year. Critics said crime rose.";

    [Fact]
    public async Task GivenTheCurrentVersion_WhenWritingWithIfMatch_ThenTheWriteSucceedsAndTheETagIsTheNextVersion()
    {
        var team = await factory.SharedAsync("concurrency-team", () => Team.CreateAsync(factory, "Concurrency desk"));
        var documentId = await team.ImportAsync("Speech", Text);
        using var read = await team.Reviewer.Api.GetAsync($"/api/v1/documents/{documentId}");
        var etag = read.Headers.ETag!.ToString();
        Assert.Equal("\"1\"", etag);

        // Quoted, as an ETag is echoed...
        using var quoted = await team.Reviewer.Api.SendAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations",
            new { kind = "claim", target = new { exact = "crime fell" } }, ifMatch: etag);
        var claim = await ApiClient.ReadAsync(quoted, HttpStatusCode.Created);
        Assert.Equal("\"2\"", quoted.Headers.ETag!.ToString());

        // ...or bare.
        using var bare = await team.Reviewer.Api.SendAsync(HttpMethod.Put, $"/api/v1/documents/{documentId}/annotations/{claim["id"]!.GetValue<string>()}/votes/me",
            new { verdict = "false", rationale = "Data." }, ifMatch: "2");
        await ApiClient.ReadAsync(bare, HttpStatusCode.OK);
        Assert.Equal("\"3\"", bare.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task GivenAStaleVersion_WhenWritingWithIfMatch_ThenItIsPreconditionFailedAndTheOtherWriteStands()
    {
        var team = await factory.SharedAsync("concurrency-team", () => Team.CreateAsync(factory, "Concurrency desk"));
        var documentId = await team.ImportAsync("Speech", Text);
        var claim = await team.AnnotateAsync(documentId, new { exact = "crime fell" });
        var url = $"/api/v1/documents/{documentId}/annotations/{claim["id"]!.GetValue<string>()}";
        var readVersion = await team.Reviewer.Api.VersionAsync(documentId);

        // Someone else edits first.
        await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, url, new { body = "First edit." }, ifMatch: $"\"{readVersion}\"");

        using var stale = await team.Moderator.Api.SendAsync(HttpMethod.Patch, url, new { body = "Second edit." }, ifMatch: $"\"{readVersion}\"");

        // RFC 9110: a failed If-Match is 412 Precondition Failed; 409 stays for changes the domain refuses.
        var problem = await ApiAssert.ProblemAsync(stale, HttpStatusCode.PreconditionFailed, "version-mismatch");
        Assert.Contains($"not {readVersion}", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(readVersion + 1, await team.Reviewer.Api.VersionAsync(documentId));
        Assert.Equal("First edit.", (await team.Reviewer.Api.GetJsonAsync(url))["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenTheCurrentETag_WhenReadingWithIfNoneMatch_ThenNotModified()
    {
        var team = await factory.SharedAsync("concurrency-team", () => Team.CreateAsync(factory, "Concurrency desk"));
        var documentId = await team.ImportAsync("Speech", Text);

        using var response = await team.Viewer.Api.GetAsync($"/api/v1/documents/{documentId}", r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"1\""));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.ToString());
    }
}
