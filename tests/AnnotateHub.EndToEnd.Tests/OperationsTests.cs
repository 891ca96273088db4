using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// What an operator sees and what a reader lives through when the server goes away: the Orleans dashboard for the demo
/// site admin, and an open document page that comes back by itself after the server restarts.
/// </summary>
public sealed class OperationsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SiteAdmin = "admin@demo.annotatehub.test";
    private const string Reader = "maya@demo.annotatehub.test";
    private const string BudgetDocument = "documents/riverton-budget-statement";

    private static readonly Dictionary<string, string> Settings = new() { ["Security:SiteAdmins"] = SiteAdmin };

    private readonly List<string> _pageErrors = [];
    private AppHost? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _app = await AppHost.StartAsync(Settings);
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
    public async Task GivenSomeoneReadingADocument_WhenTheDemoSiteAdminOpensTheDashboard_ThenItListsTheDocumentGrains()
    {
        var reader = await NewPageAsync();
        await OpenDocumentAsync(reader, Reader);
        await Assertions.Expect(reader.Locator("[data-site-admin-link]")).ToHaveCountAsync(0);

        var admin = await NewPageAsync();
        await admin.GotoAsync(_app!.BaseAddress.ToString());
        await SignInAsync(admin, SiteAdmin);
        var link = admin.Locator("[data-site-admin-link='dashboard']");
        await Assertions.Expect(link).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await link.ClickAsync();
        await admin.WaitForURLAsync(new Uri(_app.BaseAddress, "dashboard/").ToString() + "**");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(admin.GetByText("Active Silos")).ToBeVisibleAsync();

        // its Grains page lists grain types with their activations; the document someone has open is one of them
        await admin.GetByRole(AriaRole.Link, new() { Name = "Grains", Exact = true }).ClickAsync();
        var documentGrains = admin.GetByText("DocumentGrain").First;
        await Assertions.Expect(documentGrains).ToBeVisibleAsync(new() { Timeout = 30_000 });

        Directory.CreateDirectory(ArtifactsFolder());
        var screenshot = Path.Combine(ArtifactsFolder(), "dashboard.png");
        await admin.ScreenshotAsync(new() { Path = screenshot, FullPage = false });

        // the dashboard's scripts, styles, fonts and API calls all ran under the app's Content-Security-Policy
        Assert.Empty(_pageErrors);

        // a reader who is signed in but not a site admin finds nothing there (the browser logs the 404, nothing else)
        var response = await reader.GotoAsync(new Uri(_app.BaseAddress, "dashboard/").ToString());
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        Assert.All(_pageErrors, e => Assert.Contains("404", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenAnOpenDocument_WhenTheServerRestarts_ThenThePageComesBackByItselfAndWorks()
    {
        var page = await NewPageAsync();
        await OpenDocumentAsync(page, Reader);
        await page.EvaluateAsync("() => { window.__beforeRestart = true; }");

        // the server goes away: the page says so
        var address = _app!.BaseAddress;
        var dataFolder = _app.DataFolder;
        await _app.DisposeAsync();
        _app = null;
        await Assertions.Expect(page.Locator("#components-reconnect-modal[open]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToContainTextAsync("Reconnecting");
        Directory.CreateDirectory(ArtifactsFolder());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "reconnecting.png") });

        // the same server starts again on the same address and data: the old circuit is gone, so the page reloads by
        // itself (the test never reloads it) and becomes interactive again
        _app = await AppHost.StartAsync(Settings, dataFolder, address);
        await page.WaitForFunctionAsync(
            "() => window.__beforeRestart === undefined && document.querySelector(\".document-page[data-interactive='true']\") !== null",
            null,
            new() { Timeout = 60_000, PollingInterval = 200 });
        await Assertions.Expect(page.Locator("#components-reconnect-modal[open]")).ToHaveCountAsync(0);

        // and it works: a reply goes through the new server and shows up
        var card = page.Locator(".card").First;
        await card.Locator("[data-reply-input]").FillAsync("Checked again after the restart.");
        await card.Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(card.Locator(".replies li").Last).ToContainTextAsync("after the restart");

        foreach (var expected in _pageErrors.Where(Browser.IsExpectedWhileServerIsDown))
        {
            output.WriteLine("expected while the server was down: " + expected);
        }

        _pageErrors.RemoveAll(Browser.IsExpectedWhileServerIsDown);
        Assert.Empty(_pageErrors);
    }

    private async Task OpenDocumentAsync(IPage page, string email)
    {
        await page.GotoAsync(new Uri(_app!.BaseAddress, BudgetDocument).ToString());
        await SignInAsync(page, email);
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AnnotateHub" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app!.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, _pageErrors.Add);
        return page;
    }

    private static string ArtifactsFolder() => Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
}
