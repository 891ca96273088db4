using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// Issue 13: a moderator publishes a ruling from the document page, and a browser that is not signed in reads its public
/// page with the ClaimReview embedded (the real app on the demo workspace, in Chromium).
/// </summary>
public sealed class PublishingTests : IAsyncLifetime
{
    private const string Budget = "documents/riverton-budget-statement";
    private const string Quote = "crime has fallen by half since 2020";
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
    public async Task GivenAResolvedClaim_WhenAModeratorPublishesItFromTheCard_ThenASignedOutBrowserReadsItsPageWithTheClaimReview()
    {
        var ines = await SignInAsync("ines@demo.annotatehub.test", Budget);
        var card = ines.Locator(".card", new() { Has = ines.Locator("blockquote", new() { HasText = Quote }) });
        await Assertions.Expect(card.Locator("[data-status]")).ToHaveTextAsync("resolved");
        var version = await ines.Locator("[data-version]").InnerTextAsync();

        // the editor opens on demand, with focus in its first field
        await card.Locator("[data-publish-open]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-publish-headline]")).ToBeFocusedAsync();

        // without a headline nothing is sent, and the field says why
        await card.Locator("[data-publish-summary]").FillAsync("Police figures show crime fell by a fifth, not by half.");
        await card.Locator("[data-publish]").ClickAsync();
        await Assertions.Expect(card.Locator(".field:has([data-publish-headline]) [id^='pub-headline-error-']")).ToContainTextAsync("Write a headline");
        await Assertions.Expect(ines.Locator("[data-version]")).ToHaveTextAsync(version);
        Directory.CreateDirectory(ArtifactsFolder());
        await card.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "publish-editor.png") });
        var axe = await ines.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found {serious.Count} serious or critical violation(s) with the publish editor open:\n{AccessibilityTests.Describe(serious)}");

        await card.Locator("[data-publish-headline]").FillAsync("Crime in Riverton fell by a fifth, not by half");
        await card.Locator("[data-publish-claimant]").FillAsync("Mayor Dana Whitfield");
        await card.Locator("[data-publish]").ClickAsync();
        var link = card.Locator("[data-public-url]");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-publish-open]")).ToBeFocusedAsync(); // the editor closed, focus back on its button
        var url = await link.GetAttributeAsync("href");
        Assert.NotNull(url);

        // a reader: a new browser context, never signed in
        var reader = await (await _browser!.NewContextAsync()).NewPageAsync();
        Browser.RecordProblems(reader, problem => _pageErrors.Add($"reader: {problem}"));
        var response = await reader.GotoAsync(url);
        Assert.Equal(200, response!.Status);
        Assert.DoesNotContain("/signin", reader.Url, StringComparison.Ordinal);
        await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync("Crime in Riverton fell by a fifth, not by half");
        await Assertions.Expect(reader.Locator("meta[property='og:title']")).ToHaveAttributeAsync("content", "Crime in Riverton fell by a fifth, not by half");
        var jsonLd = await reader.Locator("script[type='application/ld+json']").TextContentAsync();
        using var review = JsonDocument.Parse(jsonLd!);
        Assert.Equal("ClaimReview", review.RootElement.GetProperty("@type").GetString());
        Assert.Equal(url, review.RootElement.GetProperty("url").GetString());
        Assert.Equal(Quote, review.RootElement.GetProperty("claimReviewed").GetString());
        Assert.Equal("Mayor Dana Whitfield", review.RootElement.GetProperty("itemReviewed").GetProperty("author").GetProperty("name").GetString());
        await reader.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "public-claim-page.png"), FullPage = true });

        // the readers' PDF of the demo workspace, for the README's picture of a page
        var pdf = await ines.APIRequest.GetAsync(new Uri(_app!.BaseAddress, "api/v1/workspaces/demo/report?format=public-pdf").ToString());
        Assert.True(pdf.Ok, $"The public PDF answered {pdf.Status}.");
        Directory.CreateDirectory(ArtifactsFolder());
        await File.WriteAllBytesAsync(Path.Combine(ArtifactsFolder(), "demo.public.pdf"), await pdf.BodyAsync());

        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));

        // unpublished: the reader's page is gone
        await card.Locator("[data-unpublish]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-unpublished]")).ToBeVisibleAsync();
        Assert.Equal(404, (await reader.GotoAsync(url))!.Status);
    }

    private static string ArtifactsFolder() => Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");

    private async Task<IPage> SignInAsync(string email, string document)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, problem => _pageErrors.Add($"{email}: {problem}"));
        await page.GotoAsync(new Uri(_app!.BaseAddress, "signin?returnUrl=%2F" + Uri.EscapeDataString(document)).ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        return page;
    }
}
