using System.Net;
using System.Text.RegularExpressions;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// The sign-in form post: one answer for every refusal, and after failed attempts a wait with Retry-After instead of a
/// lock (the waits themselves, on a manual clock: AnnotateHub.Accounts.Tests LockoutTests).
/// </summary>
public sealed class SignInTests(OperationsFactory factory) : IClassFixture<OperationsFactory>
{
    [Fact]
    public async Task GivenAnUnknownEmailOrAWrongPasswordOrTooSoon_ThenTheAnswerIsTheSameAndOnlyTheWaitSaysWhenToRetry()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/signin");
        var token = Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;

        async Task<(string? Location, string? RetryAfter)> PostAsync(string email, string password)
        {
            using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["email"] = email,
                ["password"] = password,
                ["returnUrl"] = "/workspaces",
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return (response.Headers.Location?.OriginalString, response.Headers.RetryAfter?.ToString());
        }

        var unknown = await PostAsync("nobody-here@example.org", "Some-Guess-2026");
        var wrong = await PostAsync(OperationsFactory.ReaderEmail, "Some-Guess-2026");
        var third = await PostAsync(OperationsFactory.ReaderEmail.ToUpperInvariant(), "Other-Guess-2026");

        Assert.Equal(("/signin?error=invalid&returnUrl=%2Fworkspaces", (string?)null), unknown);
        Assert.Equal(unknown, wrong);
        // The third failure from this address: the next attempt waits a second, and the answer says so.
        Assert.Equal((unknown.Location, "1"), third);

        // Too soon, even with the right password: the same answer, not a lock.
        var early = await PostAsync(OperationsFactory.ReaderEmail, OperationsFactory.Password);
        Assert.Equal((unknown.Location, "1"), early);

        var page = await client.GetStringAsync(unknown.Location);
        Assert.Contains("Sign-in failed: the email or password is not right, or there were several failed attempts in a row", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("locked", page, StringComparison.OrdinalIgnoreCase);
    }
}
