using System.Globalization;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>The Quality and Audit pages of the seeded demo workspace, in a real browser against the real app on a fresh SQLite file.</summary>
public sealed class QualityAndAuditPagesTests : IAsyncLifetime
{
    private AppHost? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly List<string> _pageErrors = [];

    public async Task InitializeAsync()
    {
        _app = await AppHost.StartAsync();
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
    public async Task GivenTheDemoWorkspace_WhenAReviewerOpensQuality_ThenAlphaAChartAndEachReviewerShow()
    {
        var page = await SignedInPageAsync("maya@demo.annotatehub.test", "workspaces/demo/quality");

        var figures = page.Locator(".quality-figures");
        await Assertions.Expect(figures).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var alpha = double.Parse((await figures.GetAttributeAsync("data-alpha"))!, CultureInfo.InvariantCulture);
        Assert.InRange(alpha, -1, 1);
        await Assertions.Expect(page.Locator(".quality-alpha")).ToHaveTextAsync(alpha.ToString("0.000", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator(".quality-chart svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#reviewer-table tbody tr")).ToHaveCountAsync(2); // Maya and Tomás voted
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Quality" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0); // admins only

        Directory.CreateDirectory(ArtifactsFolder());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "quality.png"), FullPage = true });
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenTheDemoWorkspace_WhenTheAdminFiltersTheAuditLogAndVerifies_ThenRowsNarrowCsvDownloadsAndTheTrailIsIntact()
    {
        var page = await SignedInPageAsync("admin@demo.annotatehub.test", "workspaces/demo/audit");
        var rows = page.Locator(".audit-table tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var all = await rows.CountAsync();

        await PickAsync(page, "data-audit-kind", "claim-resolved");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Inês Duarte");
        await PickAsync(page, "data-audit-kind", "vote-cast");
        await PickAsync(page, "data-audit-person", "Tomás Lindqvist");
        await Assertions.Expect(rows.Filter(new() { HasNotText = "Tomás Lindqvist" })).ToHaveCountAsync(0);
        var tomasVotes = await rows.CountAsync();
        Assert.InRange(tomasVotes, 1, all - 1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,actor,actor_id,document,document_id,version,kind,annotation_id,detail", lines[0]);
        Assert.Equal(tomasVotes, lines.Length - 1);

        await page.Locator("[data-action='verify']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-verification='intact']")).ToContainTextAsync("Intact.");
        Assert.Empty(_pageErrors);
    }

    private async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, _pageErrors.Add);
        await page.GotoAsync(new Uri(_app!.BaseAddress, path).ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AnnotateHub" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync("[data-interactive='true']", new() { Timeout = 20_000 });
        return page;
    }

    /// <summary>Opens a filter (a MudSelect) and picks the item whose text is <paramref name="item"/>.</summary>
    private static async Task PickAsync(IPage page, string hook, string item)
    {
        await page.Locator($"[{hook}]").ClickAsync();
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(item) + "\\s*$") });
        await option.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static string ArtifactsFolder() => Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
}
