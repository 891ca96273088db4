using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// Never lose a word (issue 10, section 1), in a real browser: a reply of the documented 20,000 characters in Cyrillic
/// and emoji arrives whole, a longer one is held back with a message, and what a reviewer types survives a reload, an
/// outage and a server restart as a draft, while the buttons say why they wait.
/// </summary>
public sealed class NoWordLostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Maya = "maya@demo.annotatehub.test";
    private const string Budget = "documents/riverton-budget-statement";
    private const int BodyLimit = 20_000;

    private readonly List<string> _pageErrors = [];
    private AppHost? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _app = await AppHost.StartAsync(new Dictionary<string, string> { ["DetailedErrors"] = "true" }); // a failed event says why
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
    public async Task GivenRepliesTypedAndSentWithoutWaiting_WhenEachIsOnItsWay_ThenEveryOneArrivesAndNoneIsWiped()
    {
        var page = await OpenAsync();
        var card = page.Locator(".card").First;
        var replies = card.Locator("[data-reply-body]");
        var before = await replies.CountAsync();
        var input = card.Locator("[data-reply-input]");

        // a fast typist: the next reply is typed while the one before is still on its way to the server
        for (var i = 1; i <= 5; i++)
        {
            await input.FillAsync($"quick reply number {i}");
            await card.Locator("[data-reply-send]").ClickAsync();
        }

        try
        {
            await Assertions.Expect(replies).ToHaveCountAsync(before + 5);
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException($"{exception.Message}\nThe card showed:\n{await card.InnerTextAsync()}\nPage errors: {string.Join("\n", _pageErrors)}\nServer output:\n{_app!.Output}", exception);
        }

        for (var i = 1; i <= 5; i++)
        {
            await Assertions.Expect(replies.Filter(new() { HasText = $"quick reply number {i}" })).ToHaveCountAsync(1);
        }

        await Assertions.Expect(input).ToHaveValueAsync("");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenAReplyOfTwentyThousandCyrillicAndEmojiCharacters_WhenSent_ThenItIsStoredWhole()
    {
        var page = await OpenAsync();
        var card = page.Locator(".card").First;
        var replies = card.Locator("[data-reply-id]");
        var before = await replies.CountAsync();
        var text = MixedText(BodyLimit);

        await card.Locator("[data-reply-input]").FillAsync(text);

        // the counter warns at the limit, and the text is within it
        await Assertions.Expect(card.Locator("[data-field-meta^='reply-'] [data-counter]")).ToHaveTextAsync(
            $"{BodyLimit.ToString("N0", CultureInfo.GetCultureInfo("en-US"))} / {BodyLimit.ToString("N0", CultureInfo.GetCultureInfo("en-US"))} characters");
        await card.Locator("[data-reply-send]").ClickAsync();

        await Assertions.Expect(replies).ToHaveCountAsync(before + 1, new() { Timeout = 20_000 });
        await Assertions.Expect(card.Locator("[data-reply-input]")).ToHaveValueAsync(string.Empty);
        var stored = await ReplyBodyAsync(page, card, replies.Last);
        Assert.Equal(BodyLimit, CodePoints(stored));
        Assert.Equal(text, stored);
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenAReplyOneCharacterOverTheLimit_WhenSent_ThenTheFieldSaysSoNothingIsSentAndTheTextStays()
    {
        var page = await OpenAsync();
        var card = page.Locator(".card").First;
        var input = card.Locator("[data-reply-input]");
        var version = await page.Locator("[data-version]").InnerTextAsync();
        var shortened = MixedText(BodyLimit);
        var text = shortened + "ф";

        await input.FillAsync(text);
        var counter = card.Locator("[data-field-meta^='reply-'] [data-counter]");
        await Assertions.Expect(counter).ToHaveTextAsync("1 character over the limit of 20,000. Shorten the text: nothing is sent until it fits.");
        await card.Locator("[data-reply-send]").ClickAsync();

        // nothing was sent, the text is all still there, and the page still works: shortened, it goes through whole
        await Assertions.Expect(input).ToBeFocusedAsync();
        Assert.Equal(version, await page.Locator("[data-version]").InnerTextAsync());
        Assert.Equal(text, await input.InputValueAsync());
        await Assertions.Expect(page.Locator("#components-reconnect-modal[open]")).ToHaveCountAsync(0);

        await input.FillAsync(shortened);
        await Assertions.Expect(counter).ToHaveTextAsync("20,000 / 20,000 characters");
        await card.Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(input).ToHaveValueAsync(string.Empty, new() { Timeout = 20_000 });
        Assert.Equal(shortened, await ReplyBodyAsync(page, card, card.Locator("[data-reply-id]").Last));
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenATypedReply_WhenThePageReloadsAndTheServerRestarts_ThenTheDraftComesBackUntilItIsSent()
    {
        var page = await OpenAsync();
        var cardId = await page.Locator(".card").First.GetAttributeAsync("data-annotation-id");
        ILocator Card() => page.Locator($".card[data-annotation-id='{cardId}']");
        const string Typed = "The council's own minutes say 4.2 million, not 4.8 — checking with the clerk.";

        await Card().Locator("[data-reply-input]").FillAsync(Typed);

        // a reload: the draft is back, and says so
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        await Assertions.Expect(Card().Locator("[data-reply-input]")).ToHaveValueAsync(Typed);
        await Assertions.Expect(Card().Locator("[data-draft-note]")).ToContainTextAsync("Draft restored");

        // the server goes away: the buttons wait, with the reason; typing goes on
        await page.EvaluateAsync("() => { window.__beforeRestart = true; }");
        var address = _app!.BaseAddress;
        var dataFolder = _app.DataFolder;
        await _app.DisposeAsync();
        _app = null;
        await Assertions.Expect(page.Locator("#components-reconnect-modal[open]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var send = Card().Locator("[data-reply-send]");
        await Assertions.Expect(send).ToBeDisabledAsync();
        await Assertions.Expect(send).ToHaveAttributeAsync("title", "Not connected: this waits until the connection is back. What you type is kept in this browser.");
        await Assertions.Expect(page.Locator("[data-offline-reason]")).ToBeVisibleAsync();
        const string More = " Clerk confirmed by phone.";
        await Card().Locator("[data-reply-input]").PressSequentiallyAsync(More);

        // it starts again: the page reloads by itself, with everything typed, before and during the outage
        _app = await AppHost.StartAsync(dataFolder: dataFolder, baseAddress: address);
        await page.WaitForFunctionAsync(
            "() => window.__beforeRestart === undefined && document.querySelector(\".document-page[data-interactive='true'] [data-draft-note]\") !== null",
            null,
            new() { Timeout = 60_000, PollingInterval = 200 });
        await Assertions.Expect(Card().Locator("[data-reply-input]")).ToHaveValueAsync(Typed + More);

        // sent, it is a reply, and the draft is gone
        var replies = Card().Locator("[data-reply-id]");
        var before = await replies.CountAsync();
        await Card().Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(replies).ToHaveCountAsync(before + 1);
        await Assertions.Expect(replies.Last).ToContainTextAsync("Clerk confirmed by phone.");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        await Assertions.Expect(Card().Locator("[data-reply-input]")).ToHaveValueAsync(string.Empty);
        await Assertions.Expect(Card().Locator("[data-draft-note]")).ToHaveCountAsync(0);

        foreach (var expected in _pageErrors.Where(Browser.IsExpectedWhileServerIsDown))
        {
            output.WriteLine("expected while the server was down: " + expected);
        }

        _pageErrors.RemoveAll(Browser.IsExpectedWhileServerIsDown);
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenAnEditDraft_WhenDiscarded_ThenTheFieldGoesBackToTheSavedTextAndTheDraftIsForgotten()
    {
        var page = await OpenAsync();
        var card = page.Locator(".card").First;
        var replies = card.Locator("[data-reply-id]");
        var before = await replies.CountAsync();
        await card.Locator("[data-reply-input]").FillAsync("First thought.");
        await card.Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(replies).ToHaveCountAsync(before + 1);
        var reply = replies.Last;
        await reply.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await reply.Locator("textarea").FillAsync("Second thought, not saved.");

        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        card = page.Locator(".card").First;
        reply = card.Locator("[data-reply-id]").Last;
        await reply.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(reply.Locator("textarea")).ToHaveValueAsync("Second thought, not saved.");
        await reply.Locator("[data-draft-discard]").ClickAsync();
        await Assertions.Expect(reply.Locator("textarea")).ToHaveValueAsync("First thought.");

        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        reply = page.Locator(".card").First.Locator("[data-reply-id]").Last;
        await reply.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(reply.Locator("textarea")).ToHaveValueAsync("First thought.");
        await Assertions.Expect(reply.Locator("[data-draft-note]")).ToHaveCountAsync(0);
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    // Cyrillic words, a CJK word and emoji (two UTF-16 units each), exactly `length` code points, not ending in a space.
    private static string MixedText(int length)
    {
        string[] words = ["Проверка", "фактов", "🙂", "事实核查", "🇺🇦", "данные", "👍🏽"];
        var text = new StringBuilder();
        var count = 0;
        for (var i = 0; count < length; i++)
        {
            var word = i % 12 == 11 ? "\n" : (count == 0 ? "" : " ") + words[i % words.Length];
            foreach (var rune in word.EnumerateRunes())
            {
                if (count == length)
                {
                    break;
                }

                text.Append(rune.ToString());
                count++;
            }
        }

        while (char.IsWhiteSpace(text[^1]))
        {
            text[^1] = 'ф';
        }

        return text.ToString();
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    private async Task<string> ReplyBodyAsync(IPage page, ILocator card, ILocator reply)
    {
        var annotationId = await card.GetAttributeAsync("data-annotation-id");
        var replyId = await reply.GetAttributeAsync("data-reply-id");
        var response = await page.APIRequest.GetAsync(new Uri(_app!.BaseAddress,
            $"api/v1/{Budget}/annotations/{annotationId}/replies/{replyId}").ToString());
        Assert.Equal(200, response.Status);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("body").GetString()!;
    }

    private async Task<IPage> OpenAsync()
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, problem => _pageErrors.Add(problem));
        await page.GotoAsync(new Uri(_app!.BaseAddress, "signin?returnUrl=%2F" + Uri.EscapeDataString(Budget)).ToString());
        await page.GetByLabel("Email").FillAsync(Maya);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(Maya));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        return page;
    }
}
