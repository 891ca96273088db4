using System.Net;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// A request that fails with an exception nothing handles (the test host's <see cref="ApiFactory.FailingPaths"/>):
/// a 500 problem with a code and a trace id for the API, a plain error page for the UI; never a 405 from re-running the
/// request on an error path.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnhandledErrorTests(ApiFactory factory)
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task GivenAnApiRequestThatFailsUnexpectedly_ThenItIsA500ProblemWithACodeAndATraceId(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1/test-failure");
        if (method != "GET")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await factory.Anonymous().SendAsync(request);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.InternalServerError, "internal-error");
        var traceId = problem["traceId"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(traceId), $"no traceId: {problem.ToJsonString()}");
        Assert.Contains(traceId!, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("test host", problem.ToJsonString(), StringComparison.Ordinal); // the exception's message stays in the log
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task GivenAPageRequestThatFailsUnexpectedly_ThenItIsA500PageThatSaysSoWithATraceId(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/test-failure");
        request.Headers.Accept.ParseAdd("text/html");
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["field"] = "value" });
        }

        using var response = await factory.Anonymous().SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.Contains("trace id", html, StringComparison.Ordinal);
        Assert.DoesNotContain("test host", html, StringComparison.Ordinal);
    }
}
