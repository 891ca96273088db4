using System.Net;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>The API describes itself: an OpenAPI document and a page to browse it.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiFactory factory)
{
    [Fact]
    public async Task GivenNoToken_WhenFetchingTheOpenApiDocument_ThenItListsEveryRouteWithItsMethods()
    {
        using var response = await factory.Anonymous().GetAsync("/openapi/v1.json");
        var document = await ApiClient.ReadAsync(response, HttpStatusCode.OK);

        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        var expected = new Dictionary<string, string[]>
        {
            ["/api/v1/workspaces"] = ["get"],
            ["/api/v1/workspaces/{workspaceId}"] = ["get"],
            ["/api/v1/workspaces/{workspaceId}/documents"] = ["get", "post"],
            ["/api/v1/workspaces/restore"] = ["post"],
            ["/api/v1/documents/{documentId}"] = ["get"],
            ["/api/v1/documents/{documentId}/events"] = ["get"],
            ["/api/v1/documents/{documentId}/annotations"] = ["post"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}"] = ["get", "patch", "delete"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/replies"] = ["post"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/replies/{replyId}"] = ["get", "patch", "delete"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/sources"] = ["post"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/sources/{sourceId}"] = ["get", "delete"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/votes/me"] = ["put"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/resolution"] = ["post"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/reopen"] = ["post"],
            ["/api/v1/documents/{documentId}/annotations/{annotationId}/votes/reveal"] = ["post"],
        };
        foreach (var (path, methods) in expected)
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from: {string.Join(", ", paths.Select(p => p.Key))}");
            Assert.Equal(methods.Order(), paths[path]!.AsObject().Select(m => m.Key).Order());
        }

        var createAnnotation = paths["/api/v1/documents/{documentId}/annotations"]!["post"]!;
        Assert.Equal("CreateAnnotation", createAnnotation["operationId"]!.GetValue<string>());
        Assert.True(createAnnotation["responses"]!.AsObject().ContainsKey("201"));
        Assert.True(createAnnotation["responses"]!.AsObject().ContainsKey("422"));
        // Every write takes If-Match: a stale one is 412, a change the state does not allow is 409.
        foreach (var (path, method) in new[] { ("/api/v1/documents/{documentId}/annotations", "post"), ("/api/v1/documents/{documentId}/annotations/{annotationId}/votes/me", "put") })
        {
            var responses = paths[path]![method]!["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("412"), $"{method} {path} does not list 412: {string.Join(", ", responses.Select(r => r.Key))}");
            Assert.True(responses.ContainsKey("409"), $"{method} {path} does not list 409");
        }

        Assert.Contains("412 Precondition Failed", document["info"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(createAnnotation["requestBody"]);
        Assert.True(document["components"]!["securitySchemes"]!.AsObject().ContainsKey("bearer"));

        var restore = paths["/api/v1/workspaces/restore"]!["post"]!;
        Assert.Equal("RestoreWorkspace", restore["operationId"]!.GetValue<string>());
        Assert.Equal(
            ["201", "400", "401", "403", "409", "413", "415", "422", "429"],
            restore["responses"]!.AsObject().Select(r => r.Key).Order().ToArray());
        Assert.NotNull(restore["requestBody"]!["content"]!["application/json"]);
    }

    [Fact]
    public async Task GivenNoToken_WhenOpeningTheApiDocsPage_ThenItServesABrowserForTheOpenApiDocument()
    {
        var client = factory.CreateClient();

        using var page = await client.GetAsync("/api/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", html);
        using var config = await client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, "index.js"));
        Assert.Contains("/openapi/v1.json", await config.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GivenTheDocsPage_WhenServed_ThenItNeedsNoInlineScriptSoTheContentSecurityPolicyHolds()
    {
        using var page = await factory.CreateClient().GetAsync("/api/docs/index.html");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
    }
}
