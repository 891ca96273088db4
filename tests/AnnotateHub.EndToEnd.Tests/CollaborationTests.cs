using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// Several signed-in people on one document in separate browser contexts: every change shows for everyone without a
/// reload, and who is there shows too.
/// </summary>
public sealed class CollaborationTests : IAsyncLifetime
{
    private const string Document = "documents/alder-river-interview";
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
    public async Task GivenTwoReviewersAndAModerator_WhenTheyWorkAClaim_ThenEveryoneSeesEachStepLive()
    {
        var maya = await OpenDocumentAsync("maya@demo.annotatehub.test");
        var tomas = await OpenDocumentAsync("tomas@demo.annotatehub.test");
        var ines = await OpenDocumentAsync("ines@demo.annotatehub.test");

        // presence: all three see all three
        foreach (var page in new[] { maya, tomas, ines })
        {
            await Assertions.Expect(page.Locator("[data-presence-user]")).ToHaveCountAsync(3);
        }

        // Maya selects a passage and marks it as a claim
        var countBefore = await tomas.Locator("[data-card-count]").InnerTextAsync();
        var quote = "Industrial discharge is down sharply";
        await Browser.SelectTextAsync(maya, quote);
        await Assertions.Expect(maya.Locator("[data-composer-quote]")).ToContainTextAsync(quote);
        await maya.GetByLabel("Tags", new() { Exact = true }).FillAsync("industry");
        await maya.GetByLabel("Note (Markdown)").FillAsync("Check the *permit* data.");
        await maya.Locator("[data-composer-save]").ClickAsync();

        var card = (IPage p) => p.Locator(".card", new() { Has = p.Locator("blockquote", new() { HasText = quote }) });
        await Assertions.Expect(card(maya)).ToHaveCountAsync(1);

        // Tomás sees the highlight and the card without reloading
        await Assertions.Expect(tomas.Locator("mark.hl", new() { HasText = quote })).ToBeVisibleAsync();
        await Assertions.Expect(tomas.Locator("mark.hl.fresh", new() { HasText = quote })).ToHaveCountAsync(1); // marked briefly, not jumped to
        await Assertions.Expect(card(tomas)).ToContainTextAsync("permit");
        await Assertions.Expect(tomas.Locator("[data-card-count]")).Not.ToHaveTextAsync(countBefore);
        var scrollBefore = await tomas.EvaluateAsync<double>("() => window.scrollY");

        // Tomás replies; Maya sees it
        await card(tomas).Locator("[data-reply-input]").FillAsync("Permits show a 60 percent drop since 2019.");
        await card(tomas).Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(card(maya).Locator(".replies li")).ToContainTextAsync("60 percent drop");
        await Browser.ExpectSameTextAsync(maya.Locator("[data-version]"), tomas.Locator("[data-version]"), "the document version on both pages");

        // they vote differently: both see "disputed"
        await card(maya).Locator("[data-vote-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "True" });
        await card(maya).Locator("[data-vote-rationale]").FillAsync("Permit data confirms it.");
        await card(maya).Locator("[data-vote-cast]").ClickAsync();
        await card(tomas).Locator("[data-vote-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "Mixed" });
        await card(tomas).Locator("[data-vote-rationale]").FillAsync("Down, but 'sharply' is vague.");
        await card(tomas).Locator("[data-vote-cast]").ClickAsync();
        foreach (var page in new[] { maya, tomas, ines })
        {
            await Assertions.Expect(card(page).Locator("[data-status]")).ToHaveTextAsync("disputed");
        }

        // the moderator resolves: everyone sees "resolved" and the ruling
        await card(ines).Locator("[data-ruling-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "Mostly true" });
        await card(ines).Locator("[data-ruling-rationale]").FillAsync("Discharge fell 60 percent; 'sharply' is fair.");
        await card(ines).Locator("[data-resolve]").ClickAsync();
        foreach (var page in new[] { maya, tomas, ines })
        {
            await Assertions.Expect(card(page).Locator("[data-status]")).ToHaveTextAsync("resolved");
            await Assertions.Expect(card(page).Locator("[data-ruling]")).ToContainTextAsync("Mostly true");
        }

        // live changes did not move Tomás's scroll position
        Assert.Equal(scrollBefore, await tomas.EvaluateAsync<double>("() => window.scrollY"));

        Directory.CreateDirectory(ArtifactsFolder());
        await maya.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "collaboration-maya.png"), FullPage = false });
        await ines.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "collaboration-ines.png"), FullPage = false });
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenHostileText_WhenPostedEverywhere_ThenItShowsAsTextAndNothingRuns()
    {
        var maya = await OpenDocumentAsync("maya@demo.annotatehub.test");
        var tomas = await OpenDocumentAsync("tomas@demo.annotatehub.test");
        const string Script = "<script>alert('body')</script>";
        const string Img = "<img src=x onerror=alert('img')>";
        const string Link = "[click me](javascript:alert('link'))";

        await Browser.SelectTextAsync(maya, "On most summer days, yes");
        await maya.GetByLabel("Tags", new() { Exact = true }).FillAsync("<b>tag</b>");
        await maya.GetByLabel("Note (Markdown)").FillAsync($"{Script} {Img} {Link}");
        await maya.Locator("[data-composer-save]").ClickAsync();
        var card = (IPage p) => p.Locator(".card", new() { Has = p.Locator("blockquote", new() { HasText = "On most summer days, yes" }) });
        await Assertions.Expect(card(maya)).ToHaveCountAsync(1);

        await card(maya).Locator("[data-reply-input]").FillAsync(Img + " " + Script);
        await card(maya).Locator("[data-reply-send]").ClickAsync();
        await card(maya).GetByRole(AriaRole.Button, new() { Name = "Add a web source" }).ClickAsync();
        await card(maya).Locator("[data-source-url]").FillAsync("https://example.org/report");
        await card(maya).Locator("[data-source-title]").FillAsync(Script + Img);
        await card(maya).Locator("[data-source-add]").ClickAsync();

        foreach (var page in new[] { maya, tomas })
        {
            await ExpectAsync(card(page), () => Assertions.Expect(card(page).Locator(".sources")).ToContainTextAsync("<script>alert('body')</script>"));
            await Assertions.Expect(card(page).Locator(".replies")).ToContainTextAsync("<img src=x onerror=alert('img')>");
            await Assertions.Expect(card(page)).ToContainTextAsync("#<b>tag</b>");
            Assert.Equal(0, await card(page).Locator("script, img, a[href^='javascript']").CountAsync());
            var link = card(page).Locator(".body a", new() { HasText = "click me" });
            if (await link.CountAsync() > 0)
            {
                Assert.DoesNotContain("javascript", await link.GetAttributeAsync("href") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenKeyboardOnly_WhenAReviewerQuotesAPassageRepliesAndVotes_ThenItWorks()
    {
        var maya = await OpenDocumentAsync("maya@demo.annotatehub.test");
        await maya.Locator("[data-new-annotation]").FocusAsync();
        await maya.Keyboard.PressAsync("Enter");
        await maya.GetByLabel("Exact words to mark").FocusAsync();
        await maya.Keyboard.TypeAsync("farm run-off has increased");
        await maya.Keyboard.PressAsync("Tab");
        await maya.Locator("[data-composer-save]").FocusAsync();
        await maya.Keyboard.PressAsync("Enter");
        var card = maya.Locator(".card", new() { Has = maya.Locator("blockquote", new() { HasText = "farm run-off has increased" }) });
        await Assertions.Expect(card).ToHaveCountAsync(1);

        await card.Locator("[data-reply-input]").FocusAsync();
        await maya.Keyboard.TypeAsync("Source: county farm bureau.");
        await card.Locator("[data-reply-send]").FocusAsync();
        await maya.Keyboard.PressAsync("Enter");
        await ExpectAsync(card, () => Assertions.Expect(card.Locator(".replies li")).ToContainTextAsync("county farm bureau"));

        await card.Locator("[data-vote-verdict]").FocusAsync();
        await card.Locator("[data-vote-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "Mostly true" });
        await card.Locator("[data-vote-rationale]").FocusAsync();
        await maya.Keyboard.TypeAsync("County farm bureau figures.");
        await card.Locator("[data-vote-cast]").FocusAsync();
        await maya.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".votes li")).ToContainTextAsync("Mostly true");
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    /// <summary>Runs an expectation; on failure, says what the card showed (its error messages say why).</summary>
    private async Task ExpectAsync(ILocator card, Func<Task> expectation)
    {
        try
        {
            await expectation();
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException($"{exception.Message}\nThe card showed:\n{await card.InnerTextAsync()}\nServer output:\n{_app!.Output}\nPage errors: {string.Join("\n", _pageErrors)}", exception);
        }
    }

    private async Task<IPage> OpenDocumentAsync(string email)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, problem => _pageErrors.Add($"{email}: {problem}"));
        await page.GotoAsync(new Uri(_app!.BaseAddress, "signin?returnUrl=%2F" + Uri.EscapeDataString(Document)).ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        return page;
    }

    private static string ArtifactsFolder() => Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
}
