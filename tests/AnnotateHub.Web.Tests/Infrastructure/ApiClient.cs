using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>Sends JSON requests to the API and reads the answers as JSON nodes (so tests see the wire names).</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string url, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, url, body: null, configure: configure);

    /// <summary>Sends <paramref name="body"/> serialised as JSON (none when null), with an optional If-Match value sent as is.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null, string? ifMatch = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        configure?.Invoke(request);
        return http.SendAsync(request);
    }

    /// <summary>Sends <paramref name="content"/> exactly as given.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string url, string content, string contentType = "application/json") =>
        http.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(content, new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" }) });

    /// <summary>Sends and asserts the status; returns the JSON body (an empty object for a response without one).</summary>
    public async Task<JsonNode> ExpectAsync(HttpStatusCode status, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        using var response = await SendAsync(method, url, body, ifMatch);
        return await ReadAsync(response, status);
    }

    public Task<JsonNode> GetJsonAsync(string url) => ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, url);

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>The document's current version, read with GET.</summary>
    public async Task<long> VersionAsync(string documentId) =>
        (await GetJsonAsync($"/api/v1/documents/{documentId}"))["version"]!.GetValue<long>();
}

public static class ApiAssert
{
    /// <summary>
    /// The response is an RFC 9457 problem: the status, <c>application/problem+json</c>, and a body with <c>title</c>,
    /// <c>status</c>, a non-empty <c>detail</c> and (when given) the <c>code</c>. Returns the body.
    /// </summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} -> {(int)response.StatusCode} {text}";
        Assert.True(response.StatusCode == status, $"expected {(int)status}: {what}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"expected application/problem+json: {what} ({response.Content.Headers.ContentType})");
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), $"no title: {what}");
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), $"no detail: {what}");
        if (code is not null)
        {
            Assert.True(code == problem["code"]?.GetValue<string>(), $"expected code {code}: {what}");
        }

        return problem;
    }
}
