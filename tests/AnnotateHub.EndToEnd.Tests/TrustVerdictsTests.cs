using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// No verdict by accident and text that cannot deceive (issue 10, sections 2 and 3), in a real browser on the demo
/// workspace (quorum 2, blind voting off, a rationale required with every vote).
/// </summary>
public sealed class TrustVerdictsTests : IAsyncLifetime
{
    private const string Radio = "documents/alder-river-interview";
    private const string Budget = "documents/riverton-budget-statement";
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
    public async Task GivenAReviewer_WhenTheyCastAVoteWithoutChoosingAVerdict_ThenNothingIsSentAndTheFieldSaysWhy()
    {
        var maya = await OpenAsync("maya@demo.annotatehub.test", Radio);
        var card = await NewClaimAsync(maya, "farm run-off has increased");
        var verdict = card.Locator("[data-vote-verdict]");
        await Assertions.Expect(verdict).ToHaveValueAsync(string.Empty);
        await Assertions.Expect(verdict.Locator("option:checked")).ToHaveTextAsync("Choose a verdict");
        var version = await maya.Locator("[data-version]").InnerTextAsync();

        await card.Locator("[data-vote-rationale]").FillAsync("County farm bureau data.");
        await card.Locator("[data-vote-cast]").ClickAsync();

        await Assertions.Expect(card.Locator("[data-vote-verdict-error]")).ToHaveTextAsync("Choose a verdict.");
        await Assertions.Expect(card.Locator(".votes li")).ToHaveCountAsync(0);
        await Assertions.Expect(maya.Locator("[data-version]")).ToHaveTextAsync(version);

        // and a chosen verdict without the rationale the workspace requires is not sent either
        await verdict.SelectOptionAsync(new SelectOptionValue { Label = "Mostly true" });
        await card.Locator("[data-vote-rationale]").FillAsync(string.Empty);
        await card.Locator("[data-vote-cast]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-vote-rationale-error]")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator(".votes li")).ToHaveCountAsync(0);
        await Assertions.Expect(maya.Locator("[data-version]")).ToHaveTextAsync(version);
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenAVoteWithARationale_WhenTheReviewerChangesTheVerdict_ThenTheRationaleIsKept()
    {
        var maya = await OpenAsync("maya@demo.annotatehub.test", Radio);
        var card = await NewClaimAsync(maya, "farm run-off has increased");
        await card.Locator("[data-vote-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "True" });
        await card.Locator("[data-vote-rationale]").FillAsync("County farm bureau data.");
        await card.Locator("[data-vote-cast]").ClickAsync();
        await Assertions.Expect(card.Locator(".votes li")).ToContainTextAsync("True — County farm bureau data.");

        await card.Locator("[data-vote-change]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-vote-verdict]")).ToHaveValueAsync("true");
        await Assertions.Expect(card.Locator("[data-vote-rationale]")).ToHaveValueAsync("County farm bureau data.");
        await card.Locator("[data-vote-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "Mostly true" });
        await card.Locator("[data-vote-cast]").ClickAsync();

        await Assertions.Expect(card.Locator(".votes li")).ToContainTextAsync("Mostly true — County farm bureau data.");
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenAResolvedClaim_WhenAModeratorReopensIt_ThenAReasonAndAConfirmationAreAskedAndTheReasonIsRecorded()
    {
        var ines = await OpenAsync("ines@demo.annotatehub.test", Budget);
        var card = ines.Locator(".card", new() { Has = ines.Locator("blockquote", new() { HasText = "crime has fallen by half since 2020" }) });
        await Assertions.Expect(card.Locator("[data-status]")).ToHaveTextAsync("resolved");
        var version = await ines.Locator("[data-version]").InnerTextAsync();

        await card.Locator("[data-reopen]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-reopen-error]")).ToContainTextAsync("Say why");
        await Assertions.Expect(ines.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(ines.Locator("[data-version]")).ToHaveTextAsync(version);

        await card.Locator("[data-reopen-reason]").FillAsync("The police revised the 2025 figures.");
        await card.Locator("[data-reopen]").ClickAsync();
        var confirm = ines.Locator(".mud-dialog");
        await Assertions.Expect(confirm).ToContainTextAsync("Its ruling is withdrawn");
        await Assertions.Expect(card.Locator("[data-status]")).ToHaveTextAsync("resolved");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, reopen" }).ClickAsync();

        await Assertions.Expect(card.Locator("[data-status]")).ToHaveTextAsync("disputed");
        var response = await ines.APIRequest.GetAsync(new Uri(_app!.BaseAddress, "api/v1/documents/riverton-budget-statement/events?after=0").ToString());
        Assert.True(response.Ok, $"The change feed answered {response.Status}.");
        var history = await response.TextAsync();
        Assert.Contains("The police revised the 2025 figures.", history, StringComparison.Ordinal);
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenAReplyAndATagWithARightToLeftOverride_WhenShown_ThenTheTextAfterThemIsNotReversed()
    {
        const string Spoof = "file\u202Egnp.exe";
        var maya = await OpenAsync("maya@demo.annotatehub.test", Radio);
        await Browser.SelectTextAsync(maya, "farm run-off has increased");
        await maya.GetByLabel("Tags", new() { Exact = true }).FillAsync($"{Spoof}, water quality");
        await maya.Locator("[data-composer-save]").ClickAsync();
        var card = maya.Locator(".card", new() { Has = maya.Locator("blockquote", new() { HasText = "farm run-off has increased" }) });
        await Assertions.Expect(card).ToHaveCountAsync(1);

        // split on commas only: two tags, the second with its space
        await Assertions.Expect(card.Locator(".badge.tag")).ToHaveCountAsync(2);
        await Assertions.Expect(card.Locator(".badge.tag").Nth(1)).ToHaveTextAsync("#water quality");

        // the tag after the override is laid out after it, left to right: the override stayed inside its tag
        var first = await card.Locator(".badge.tag").Nth(0).BoundingBoxAsync();
        var second = await card.Locator(".badge.tag").Nth(1).BoundingBoxAsync();
        Assert.True(second!.X > first!.X, $"The tag after the override is at x={second.X}, left of the override's tag at x={first.X}.");

        await card.Locator("[data-reply-input]").FillAsync($"See {Spoof}");
        await card.Locator("[data-reply-send]").ClickAsync();
        await card.Locator("[data-reply-input]").FillAsync("after the override");
        await card.Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-reply-body]")).ToHaveCountAsync(2);

        var spoofed = card.Locator("[data-reply-body]").Nth(0);
        await Assertions.Expect(spoofed).ToHaveAttributeAsync("dir", "auto");
        Assert.Equal("isolate", await spoofed.EvaluateAsync<string>("e => getComputedStyle(e).unicodeBidi"));

        // the next reply reads left to right: "after" starts left of "override"
        var next = card.Locator("[data-reply-body]").Nth(1);
        var order = await next.EvaluateAsync<double[]>(
            """
            e => {
              const text = e.querySelector('p').firstChild;
              const at = (word) => { const r = document.createRange(); const i = text.data.indexOf(word); r.setStart(text, i); r.setEnd(text, i + word.length); return r.getBoundingClientRect().x; };
              return [at('after'), at('override')];
            }
            """);
        Assert.True(order[0] < order[1], $"'after' is at x={order[0]}, right of 'override' at x={order[1]}: the text is reversed.");
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    private static async Task<ILocator> NewClaimAsync(IPage page, string quote)
    {
        await Browser.SelectTextAsync(page, quote);
        await page.Locator("[data-composer-save]").ClickAsync();
        var card = page.Locator(".card", new() { Has = page.Locator("blockquote", new() { HasText = quote }) });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        return card;
    }

    private async Task<IPage> OpenAsync(string email, string document)
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
