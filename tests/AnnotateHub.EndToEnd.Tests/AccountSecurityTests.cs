using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>Tokens, headers and rate limits, as a signed-in user and an API client meet them.</summary>
public sealed class AccountSecurityTests : IAsyncLifetime
{
    private const string Maya = "maya@demo.annotatehub.test";
    private AppHost? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly List<string> _pageErrors = [];

    public async Task InitializeAsync()
    {
        _app = await AppHost.StartAsync(new Dictionary<string, string> { ["Security:SignInAttemptsPerMinute"] = "5" });
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenSignedInReviewer_WhenCreatingAndRevokingAToken_ThenItWorksOnceShownAndStopsAfterRevoke()
    {
        var page = await SignedInPageAsync(Maya);
        await page.GotoAsync(new Uri(_app!.BaseAddress, "account/tokens").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Personal access tokens" })).ToBeVisibleAsync();
        await page.WaitForSelectorAsync(".tokens-page[data-interactive='true']");

        // a blank name is refused next to the field, and nothing is created
        await page.GetByLabel("Name").FillAsync(" ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Assertions.Expect(page.Locator("#token-name-error")).ToContainTextAsync("Give the token a name");
        await Assertions.Expect(page.Locator(".token-grid tbody tr")).ToHaveCountAsync(0);

        await page.GetByLabel("Name").FillAsync("newsroom script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secret = (await page.Locator("[data-token]").InnerTextAsync()).Trim();
        Assert.StartsWith("ahp_", secret, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".token-grid tbody tr")).ToHaveCountAsync(1);
        Assert.DoesNotContain(secret, await page.Locator(".token-grid").InnerTextAsync(), StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = _app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var ok = await http.GetAsync("api/v1/workspaces"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Contains("Demo newsroom", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // revoking asks first; Cancel keeps the token working
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke newsroom script" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Scripts that use this token stop working at once");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".token-grid tbody tr [data-status]")).ToHaveTextAsync("active");
        using (var stillOk = await http.GetAsync("api/v1/workspaces"))
        {
            Assert.Equal(HttpStatusCode.OK, stillOk.StatusCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke newsroom script" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".token-grid tbody tr [data-status]")).ToHaveTextAsync("revoked");
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "revoked" })).ToBeVisibleAsync();
        using (var revoked = await http.GetAsync("api/v1/workspaces"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
            Assert.Equal("application/problem+json", revoked.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenAnyPage_WhenServed_ThenSecurityHeadersForbidFramingAndForeignScript()
    {
        using var http = new HttpClient { BaseAddress = _app!.BaseAddress };
        using var response = await http.GetAsync("signin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task GivenRepeatedSignInAttempts_WhenOverTheLimit_ThenTheServerAnswers429()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app!.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Maya, ["password"] = "wrong-guess-" + i });
            using var response = await http.PostAsync("account/signin", form);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(5));
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, _pageErrors.Add);
        await page.GotoAsync(new Uri(_app!.BaseAddress, "signin").ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo newsroom" })).ToBeVisibleAsync();
        return page;
    }
}
