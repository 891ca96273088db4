using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// The seeded demo workspace, seen in a real browser against the real app on a fresh SQLite file (one app for the class:
/// its tests read the demo and change nothing in it).
/// </summary>
public sealed class DemoDocumentTests(AppWithBrowser fixture) : IClassFixture<AppWithBrowser>
{
    private readonly AppHost _app = fixture.App;
    private readonly IBrowser _browser = fixture.Browser;
    private readonly List<string> _pageErrors = [];

    [Fact]
    public async Task GivenFreshInstall_WhenReaderOpensDemoDocument_ThenHighlightsAndThreadsShow()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(_app.BaseAddress.ToString());
        await SignInAsync(page, "maya@demo.annotatehub.test");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo newsroom" })).ToBeVisibleAsync();
        var documentLinks = page.Locator("a.doc-link");
        await Assertions.Expect(documentLinks).ToHaveCountAsync(2);

        await documentLinks.First.ClickAsync();
        // the document page, not the workspace page still on screen while the link navigates
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 30_000 });

        var highlights = page.Locator(".doc-text mark.hl");
        Assert.True(await highlights.CountAsync() >= 3, "the demo document shows at least three highlights");
        var cards = page.Locator(".card");
        Assert.True(await cards.CountAsync() >= 3, "each annotation has a card in the side panel");
        await Assertions.Expect(page.Locator(".badge.status-disputed").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".replies li").First).ToBeVisibleAsync();

        // every highlight's text is the card's quote: offsets in code points map to the right passage
        var firstQuote = (await page.Locator(".card .quote").First.InnerTextAsync()).Trim('“', '”', ' ', '"');
        var marked = await page.EvaluateAsync<string>(
            "id => Array.from(document.querySelectorAll(`.doc-text mark.hl[data-annotation~='${id}']`)).map(m => m.textContent).join('')",
            await cards.First.GetAttributeAsync("data-annotation-id"));
        Assert.Equal(firstQuote, marked);

        // interactivity: clicking a card selects its highlight (needs the live circuit)
        await cards.Nth(1).Locator("blockquote.quote").ClickAsync();
        await Assertions.Expect(cards.Nth(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        await Assertions.Expect(page.Locator(".doc-text mark.hl.selected").First).ToBeVisibleAsync();

        Directory.CreateDirectory(ArtifactsFolder());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "demo-document.png"), FullPage = true });
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenSignedOutVisitor_WhenOpeningADocument_ThenSignInIsRequiredAndWrongPasswordSaysSo()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, "documents/riverton-budget-statement").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AnnotateHub" })).ToBeVisibleAsync();
        Assert.DoesNotContain("Riverton", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Email").FillAsync("maya@demo.annotatehub.test");
        await page.GetByLabel("Password").FillAsync("not-the-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the email or password is not right");

        await page.GetByLabel("Email").FillAsync("maya@demo.annotatehub.test");
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword("maya@demo.annotatehub.test"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Riverton budget statement (2027)" })).ToBeVisibleAsync();
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenAReviewer_WhenDownloadingReportsFromTheDocumentPage_ThenEachFormatHoldsTheClaims()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, "documents/riverton-budget-statement").ToString());
        await SignInAsync(page, "maya@demo.annotatehub.test");
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 30_000 });

        foreach (var (format, expected) in new[] { ("html", "crime has fallen by half since 2020"), ("markdown", "crime has fallen by half since 2020"), ("csv", "crime has fallen by half since 2020"), ("public-html", "Riverton budget statement"), ("w3c", "TextQuoteSelector"),
                     ("claimreview", "[]") }) // ClaimReview lists published claims only, and the demo has none published
        {
            // the formats are in a menu (MudMenu): open it, then choose one
            await page.GetByRole(AriaRole.Button, new() { Name = "Download report" }).ClickAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-report-format='{format}']").ClickAsync());
            var path = await download.PathAsync();
            var content = await File.ReadAllTextAsync(path!);
            Assert.True(content.Contains(expected, StringComparison.Ordinal), $"the {format} report contains '{expected}'");
        }

        Assert.Empty(_pageErrors);
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AnnotateHub" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, _pageErrors.Add);
        return page;
    }

    private static string ArtifactsFolder() => Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
}
