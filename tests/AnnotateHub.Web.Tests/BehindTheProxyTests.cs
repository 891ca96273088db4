using System.Net;
using System.Text.RegularExpressions;
using AnnotateHub.Web.Tests.Infrastructure;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// The app behind a TLS-terminating proxy (nginx, as deploy/README.md recommends): what the trusted proxy says about the
/// client (<c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>) is honoured, what any other peer says is not. This file: the
/// settings, secure cookies and HSTS, sign-in limits per real client. Rate limits of the API: the other part.
/// </summary>
public sealed partial class BehindTheProxyTests(ProxyFactory factory) : IClassFixture<ProxyFactory>
{
    private const string UntrustedPeer = "198.51.100.9";

    [Fact]
    public async Task GivenHttpsAtATrustedProxy_WhenSigningIn_ThenTheCookiesAreSecureAndHstsIsSent_ButNotForAnUntrustedPeer()
    {
        // A known proxy (Proxy:KnownProxies) and an address in a known network (Proxy:KnownNetworks).
        foreach (var proxy in new[] { ProxyFactory.ProxyAddress, "192.168.50.20" })
        {
            var form = await OpenSignInFormAsync(proxy, client: "203.0.113.1");
            Assert.True(IsSecure(form.AntiforgeryCookie), $"through {proxy}: the antiforgery cookie is not Secure: {form.AntiforgeryCookie}");
            Assert.True(form.Hsts is { Length: > 0 }, $"through {proxy}: no Strict-Transport-Security on the sign-in page");

            using var signedIn = await PostSignInAsync(form, proxy, "203.0.113.1", ProxyFactory.Email, ProxyFactory.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
            var auth = SetCookie(signedIn, "annotatehub.auth=");
            Assert.True(IsSecure(auth), $"through {proxy}: the sign-in cookie is not Secure: {auth}");
            Assert.True(Hsts(signedIn) is { Length: > 0 }, $"through {proxy}: no Strict-Transport-Security on the sign-in answer");
        }

        // The same headers from a peer that is no known proxy say nothing: the request came over plain HTTP.
        var direct = await OpenSignInFormAsync(UntrustedPeer, client: "203.0.113.2");
        Assert.False(IsSecure(direct.AntiforgeryCookie), $"an untrusted peer's X-Forwarded-Proto was honoured: {direct.AntiforgeryCookie}");
        Assert.Null(direct.Hsts);
        using var plain = await PostSignInAsync(direct, UntrustedPeer, "203.0.113.2", ProxyFactory.Email, ProxyFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        var plainAuth = SetCookie(plain, "annotatehub.auth=");
        Assert.False(IsSecure(plainAuth), $"an untrusted peer's X-Forwarded-Proto was honoured: {plainAuth}");
        Assert.Null(Hsts(plain));
    }

    [Fact]
    public async Task GivenTwoClientsBehindTheProxy_WhenOneUsesUpItsSignInAllowance_ThenOnlyThatOneGets429()
    {
        const string first = "203.0.113.21";
        const string second = "203.0.113.22";
        var form = await OpenSignInFormAsync(ProxyFactory.ProxyAddress, first);

        for (var attempt = 1; attempt <= ProxyFactory.SignInAttemptsPerMinute; attempt++)
        {
            using var refused = await PostSignInAsync(form, ProxyFactory.ProxyAddress, first, $"guess{attempt}@example.org", "Not-The-Password-1");
            Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"attempt {attempt} of {first}: {(int)refused.StatusCode}");
        }

        using (var limited = await PostSignInAsync(form, ProxyFactory.ProxyAddress, first, "guess@example.org", "Not-The-Password-1"))
        {
            await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
            Assert.NotNull(limited.Headers.RetryAfter);
        }

        // Another client behind the same proxy has an allowance of its own.
        using (var other = await PostSignInAsync(form, ProxyFactory.ProxyAddress, second, "someone@example.org", "Not-The-Password-1"))
        {
            Assert.True(other.StatusCode == HttpStatusCode.Redirect, $"{second}, behind the same proxy, got {(int)other.StatusCode}");
        }

        // A peer that is no known proxy gets no fresh allowance by making up X-Forwarded-For: it is counted as itself.
        const string spoofer = "198.51.100.20";
        for (var attempt = 1; attempt <= ProxyFactory.SignInAttemptsPerMinute; attempt++)
        {
            using var refused = await PostSignInAsync(form, spoofer, $"203.0.113.{100 + attempt}", $"spoof{attempt}@example.org", "Not-The-Password-1");
            Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"attempt {attempt} of {spoofer}: {(int)refused.StatusCode}");
        }

        using var spoofed = await PostSignInAsync(form, spoofer, "203.0.113.99", "spoof@example.org", "Not-The-Password-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
    }

    [Theory]
    [InlineData("Proxy:KnownProxies", "10.0.0.300")]
    [InlineData("Proxy:KnownNetworks", "10.0.0.1/8")]
    [InlineData("Proxy:KnownNetworks", "10.0.0.0/33")]
    [InlineData("Proxy:ForwardLimit", "0")]
    public async Task GivenABadProxySetting_WhenTheAppStarts_ThenItFailsNamingTheSetting(string key, string value)
    {
        await using var bad = new ProxyFactoryWithSetting(key, value);
        var error = Assert.ThrowsAny<Exception>(() => bad.Server);
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.True(messages.Contains(key, StringComparison.Ordinal) && messages.Contains(value, StringComparison.Ordinal), $"the error does not name {key} and '{value}': {messages}");
    }

    /// <summary>What a browser gets from <c>GET /signin</c>: the form's antiforgery token, its cookie, and the HSTS header.</summary>
    private sealed record SignInForm(string Token, string AntiforgeryCookie, string? Hsts);

    private async Task<SignInForm> OpenSignInFormAsync(string peer, string client)
    {
        using var http = factory.Through(peer);
        using var response = await http.SendAsync(ThroughProxy(HttpMethod.Get, "/signin", client));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var token = Regex.Match(page, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in form has an antiforgery token");
        return new SignInForm(token, SetCookie(response, ".AspNetCore.Antiforgery."), Hsts(response));
    }

    private async Task<HttpResponseMessage> PostSignInAsync(SignInForm form, string peer, string client, string email, string password)
    {
        using var http = factory.Through(peer);
        var request = ThroughProxy(HttpMethod.Post, "/account/signin", client);
        request.Headers.Add("Cookie", form.AntiforgeryCookie.Split(';')[0]);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Token,
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = "/",
        });
        return await http.SendAsync(request);
    }

    /// <summary>
    /// A request to the public name over plain HTTP, carrying what nginx adds after TLS ends: the client's address and the
    /// scheme it used.
    /// </summary>
    private static HttpRequestMessage ThroughProxy(HttpMethod method, string path, string client)
    {
        var request = new HttpRequestMessage(method, new Uri($"http://{ProxyFactory.PublicHost}{path}"));
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    private static string SetCookie(HttpResponseMessage response, string prefix)
    {
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
        var cookie = cookies.FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(cookie is not null, $"no Set-Cookie {prefix}… among: {string.Join(" | ", cookies)}");
        return cookie;
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(attribute => attribute.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private static string? Hsts(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(", ", values) : null;

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
