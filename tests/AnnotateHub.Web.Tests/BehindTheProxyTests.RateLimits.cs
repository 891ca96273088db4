using System.Net;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>The API's limits behind the proxy: one allowance per token however the scheme is spelled, and failed authentication limited per client.</summary>
public sealed partial class BehindTheProxyTests
{
    [Fact]
    public async Task GivenOneTokenSpelledEveryWay_WhenCallingTheApi_ThenEverySpellingDrawsOnTheSameAllowance()
    {
        var token = await factory.IssueTokenAsync();
        string[] spellings = [$"Bearer {token}", $"bearer {token}", $"BEARER {token}", $"Bearer  {token}", $"Bearer\t{token}"];
        Assert.Equal(ProxyFactory.ApiRequestsPerMinute, spellings.Length);

        // Each from another client behind the proxy: the allowance belongs to the token, not to an address.
        for (var i = 0; i < spellings.Length; i++)
        {
            using var response = await GetWorkspacesAsync(spellings[i], client: $"203.0.113.{40 + i}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"'{Redact(spellings[i], token)}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var spelling in new[] { $"Bearer {token}", $"bEaReR   {token}" })
        {
            using var limited = await GetWorkspacesAsync(spelling, client: "203.0.113.49");
            await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
            Assert.NotNull(limited.Headers.RetryAfter);
        }

        // Another token (of the same account) has an allowance of its own.
        using var other = await GetWorkspacesAsync($"Bearer {await factory.IssueTokenAsync()}", client: "203.0.113.40");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task GivenRepeatedBadTokensFromOneClient_ThenItGets429WithRetryAfter_WhileOtherClientsAreUnaffected()
    {
        const string guesser = "203.0.113.60";
        const string neighbour = "203.0.113.61";
        var token = await factory.IssueTokenAsync();
        string[] guesses = ["Bearer ahp_guess-one", "bearer ahp_guess-two", "BEARER  ahp_guess-three", "Bearer\tahp_guess-four"];
        Assert.Equal(ProxyFactory.FailedAuthPerMinute, guesses.Length);

        foreach (var guess in guesses)
        {
            using var refused = await GetWorkspacesAsync(guess, guesser);
            await ApiAssert.ProblemAsync(refused, HttpStatusCode.Unauthorized);
        }

        using (var limited = await GetWorkspacesAsync("Bearer ahp_guess-five", guesser))
        {
            await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
            var wait = limited.Headers.RetryAfter?.Delta;
            Assert.True(wait is { } w && w > TimeSpan.Zero && w <= TimeSpan.FromMinutes(1), $"Retry-After: {limited.Headers.RetryAfter}");
        }

        // Until the minute is over the guesser cannot try any token, a right one included: a guess that worked would tell.
        using (var right = await GetWorkspacesAsync($"Bearer {token}", guesser))
        {
            await ApiAssert.ProblemAsync(right, HttpStatusCode.TooManyRequests);
        }

        // Other clients behind the same proxy are unaffected.
        using (var neighbourRight = await GetWorkspacesAsync($"Bearer {token}", neighbour))
        {
            Assert.Equal(HttpStatusCode.OK, neighbourRight.StatusCode);
        }

        using var neighbourWrong = await GetWorkspacesAsync("Bearer ahp_typo", neighbour);
        await ApiAssert.ProblemAsync(neighbourWrong, HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> GetWorkspacesAsync(string authorization, string client)
    {
        using var http = factory.Through(ProxyFactory.ProxyAddress, authorization);
        return await http.SendAsync(ThroughProxy(HttpMethod.Get, "/api/v1/workspaces", client));
    }

    private static string Redact(string authorization, string token) => authorization.Replace(token, "<token>", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
