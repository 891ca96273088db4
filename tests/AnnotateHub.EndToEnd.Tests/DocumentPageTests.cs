using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// The document page on every screen and by every hand (issue 12): a phone's width, the keyboard alone, focus that
/// goes into a form and comes back, @mentions picked with the arrow keys, and the evidence at hand (a cited passage
/// beside the document, quotes and domains on the cards, "cited by"). One app for the class; each test works on its
/// own passages.
/// </summary>
public sealed class DocumentPageTests(AppWithBrowser fixture) : IClassFixture<AppWithBrowser>, IAsyncLifetime
{
    private const string Radio = "documents/alder-river-interview";
    private const string Budget = "documents/riverton-budget-statement";
    private const string CitedPassage = "increasing spending on public transport by 40 percent";
    private const string CitingClaim = "the river is cleaner than it has been in fifty years";

    private readonly List<string> _pageErrors = [];
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test's pages close with it: a page left open keeps its circuit, its presence and its live feed.</summary>
    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenAPhone_WhenAReviewerSelectsAPassage_ThenNothingScrollsSidewaysAndTheComposerIsAtTheSelection()
    {
        var page = await OpenAsync("maya@demo.annotatehub.test", Radio, width: 390, height: 844);
        Assert.Equal(390, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));

        const string Quote = "After heavy rain we still see";
        await Browser.SelectTextAsync(page, Quote);
        var composer = page.Locator("[data-composer]");
        await Assertions.Expect(composer.Locator("[data-composer-quote]")).ToContainTextAsync(Quote);

        // a bottom sheet: in view, and the selected passage shows above it
        await Assertions.Expect(composer).ToBeInViewportAsync();
        var box = (await composer.BoundingBoxAsync())!;
        Assert.True(box.Y + box.Height <= 844.5, $"the composer ends at {box.Y + box.Height}, below the screen");
        var selection = await page.EvaluateAsync<double[]>("() => { const r = getSelection().getRangeAt(0).getBoundingClientRect(); return [r.top, r.bottom]; }");
        Assert.True(selection[0] >= 0 && selection[1] <= box.Y, $"the selection ({selection[0]}..{selection[1]}) is hidden; the composer starts at {box.Y}");
        Assert.Equal(390, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));

        await page.GetByLabel("Tags", new() { Exact = true }).FillAsync("phone");
        await composer.Locator("[data-composer-save]").ClickAsync();
        await Assertions.Expect(CardWithQuote(page, Quote)).ToHaveCountAsync(1);
        Assert.Equal(390, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        AssertNoPageErrors();
    }

    [Fact]
    public async Task GivenKeyboardOnly_WhenAReviewerSelectsWithShiftArrowsAndPressesEnter_ThenTheClaimIsMadeAndFocusComesBack()
    {
        var page = await OpenAsync("tomas@demo.annotatehub.test", Budget);

        // from the hint's link, Tab reaches the text; the first arrow key puts the caret at the start of the first line
        await page.Locator("[data-new-annotation]").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#doc-text")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("Control+Shift+ArrowRight");
        }

        var selected = (await page.EvaluateAsync<string>("() => getSelection().toString()")).Trim();
        if (selected.Length == 0)
        {
            // say what the page had (found once under load: an empty selection)
            var state = await page.EvaluateAsync<string>("() => { const s = getSelection(); return `active=${document.activeElement?.id} ranges=${s.rangeCount} anchor=${s.anchorNode?.parentElement?.outerHTML?.slice(0, 120)} connected=${s.anchorNode?.isConnected}`; }");
            Assert.Fail($"nothing was selected: {state}\nServer output:\n{fixture.App.Output}");
        }

        Assert.Matches(new Regex(@"^\S+ \S+ \S+$"), selected);
        await page.Keyboard.PressAsync("Enter");

        // focus is in the composer, on the passage just selected
        var composer = page.Locator("[data-composer]");
        await Assertions.Expect(composer.Locator("[data-composer-quote]")).ToContainTextAsync(selected);
        await Assertions.Expect(composer.Locator("input[name='composer-kind']:checked")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Tags", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("keyboard");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Made without a mouse.");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(composer.Locator("[data-composer-save]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        var card = CardWithQuote(page, selected);
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToContainTextAsync("Made without a mouse.");
        await Assertions.Expect(page.Locator("#doc-text")).ToBeFocusedAsync();

        // the quote form: focus goes into it when it opens, and back to its link on Escape
        await page.Locator("[data-new-annotation]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#composer-quote")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("[data-composer]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-new-annotation]")).ToBeFocusedAsync();
        AssertNoPageErrors();
    }

    [Fact]
    public async Task GivenTheComposerOpen_WhenTheReviewerMovesOnToAReplyAndTheComposerCloses_ThenTheReplyKeepsFocusAndEveryLetter()
    {
        // Found: a reply typed just after saving a claim was saved as "Sourc": the composer, closing a moment later, took
        // focus back to where it had come from, and the rest of the typing went nowhere.
        var page = await OpenAsync("maya@demo.annotatehub.test", Budget);
        await page.EvaluateAsync("""
            () => {
              const closed = window.annotateHub.composerClosed;
              window.annotateHub.composerClosed = function () { const result = closed.apply(this, arguments); window.composerClosedCalls = (window.composerClosedCalls || 0) + 1; return result; };
            }
            """);
        await page.Locator("[data-new-annotation]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#composer-quote")).ToBeFocusedAsync();

        var reply = page.Locator(".card[data-annotation-id]").First.Locator("[data-reply-input]");
        await reply.FocusAsync();
        await page.Keyboard.TypeAsync("Source: ");
        await page.EvaluateAsync("() => document.querySelector('[data-composer] [data-cancel]').click()");
        await Assertions.Expect(page.Locator("[data-composer]")).ToHaveCountAsync(0);
        await page.WaitForFunctionAsync("() => window.composerClosedCalls === 1");

        await Assertions.Expect(reply).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("county farm bureau.");
        await Assertions.Expect(reply).ToHaveValueAsync("Source: county farm bureau.");
        AssertNoPageErrors();
    }

    [Fact]
    public async Task GivenTheComposer_WhenAReviewerAddsTagsAsChipsPicksAKnownOneAndRemovesOne_ThenTheClaimCarriesTheChipsLeft()
    {
        var page = await OpenAsync("maya@demo.annotatehub.test", Budget);
        const string Quote = "Mayor Dana Whitlock said on Tuesday";
        await Browser.SelectTextAsync(page, Quote);
        var composer = page.Locator("[data-composer]");
        await Assertions.Expect(composer.Locator("[data-composer-quote]")).ToContainTextAsync(Quote);

        var tags = page.GetByLabel("Tags", new() { Exact = true });
        var chips = composer.Locator("[data-tag-chip]");
        await tags.FocusAsync();
        await page.Keyboard.TypeAsync("whitlock,");
        await Assertions.Expect(chips).ToHaveCountAsync(1);
        await Assertions.Expect(chips).ToHaveAttributeAsync("data-tag-chip", "whitlock");
        await Assertions.Expect(tags).ToHaveValueAsync(string.Empty);

        // a tag the document already uses is offered as the reader types
        await page.Keyboard.TypeAsync("bud");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "#budget" }).ClickAsync();
        await Assertions.Expect(chips).ToHaveCountAsync(2);
        await Assertions.Expect(tags).ToHaveValueAsync(string.Empty);
        await page.Keyboard.TypeAsync("quotes");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(chips).ToHaveCountAsync(3);

        await composer.Locator("[data-tag-remove][aria-label='Remove tag whitlock']").ClickAsync();
        await Assertions.Expect(chips).ToHaveCountAsync(2);
        await tags.FillAsync("pending");
        await composer.Locator("[data-composer-save]").ClickAsync();

        var card = CardWithQuote(page, Quote);
        await Assertions.Expect(card.Locator(".badge.tag")).ToHaveTextAsync(["#budget", "#quotes", "#pending"]);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task GivenAReply_WhenTheReviewerTypesAtAndPicksWithArrowKeysAndEnter_ThenTheMentionIsInTheReply()
    {
        var page = await OpenAsync("maya@demo.annotatehub.test", Budget);
        var card = page.Locator(".card[data-annotation-id]").First;
        var reply = card.Locator("[data-reply-input]");
        await reply.FocusAsync();
        await page.Keyboard.TypeAsync("Can you check this ");
        await page.Keyboard.TypeAsync("@");

        var picker = card.Locator("[data-mention-picker] input");
        await Assertions.Expect(picker).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("tom");
        // the list that opened with every member has given way to the one match (an arrow key on the first list moved
        // onto an item the filtered list no longer had)
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToContainTextAsync("Tomás Lindqvist");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(reply).ToHaveValueAsync("Can you check this @tomáslindqvist ");
        await Assertions.Expect(reply).ToBeFocusedAsync();
        await Assertions.Expect(card.Locator("[data-mention-picker]")).ToHaveCountAsync(0);
        await page.Keyboard.TypeAsync("please?");
        await card.Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-reply-body]").Last).ToHaveTextAsync("Can you check this @tomáslindqvist please?");
        AssertNoPageErrors();
    }

    [Fact]
    public async Task GivenAPassageSource_WhenOpenedBeside_ThenTheCitedDocumentShowsNextToThisOneAtTheMarkedPassage()
    {
        var page = await OpenAsync("maya@demo.annotatehub.test", Radio);
        var card = CardWithQuote(page, CitingClaim);
        var source = card.Locator("[data-source-id]", new() { Has = page.Locator("[data-open-beside]") });

        // the quoted passage shows on the card without a click
        await Assertions.Expect(source.Locator("[data-source-quote]")).ToBeVisibleAsync();
        await Assertions.Expect(source.Locator("[data-source-quote]")).ToContainTextAsync(CitedPassage);

        var open = source.Locator("[data-open-beside]");
        await open.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var beside = page.Locator("[data-beside][data-interactive='true']");
        await Assertions.Expect(beside).ToBeVisibleAsync();
        await Assertions.Expect(beside.Locator("h2")).ToHaveTextAsync("Riverton budget statement (2027)");
        await Assertions.Expect(beside.Locator("mark[data-cited-passage]")).ToHaveTextAsync(CitedPassage);
        await Assertions.Expect(beside.Locator("mark[data-cited-passage]")).ToBeInViewportAsync();
        await Assertions.Expect(beside.Locator("h2")).ToBeFocusedAsync();

        // a split view on a wide screen: this document's text stays in view on the left
        var text = (await page.Locator("#doc-text").BoundingBoxAsync())!;
        var panel = (await beside.BoundingBoxAsync())!;
        Assert.True(text.X + text.Width <= panel.X + 1, $"the text ({text.X}..{text.X + text.Width}) and the cited document (from {panel.X}) overlap");
        Assert.True(text.Width > 300, $"the text is {text.Width} px wide beside the cited document");

        await beside.Locator("[data-beside-close]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-beside]")).ToHaveCountAsync(0);
        await Assertions.Expect(open).ToBeFocusedAsync();

        // a web source shows its domain
        await card.GetByRole(AriaRole.Button, new() { Name = "Add a web source" }).ClickAsync();
        await card.Locator("[data-source-url]").FillAsync("https://www.census.gov/data/tables/river.html");
        await card.Locator("[data-source-title]").FillAsync("Census tables");
        await card.Locator("[data-source-add]").ClickAsync();
        var web = card.Locator("[data-source-id]", new() { HasText = "Census tables" });
        await Assertions.Expect(web.Locator("[data-source-domain]")).ToHaveTextAsync("census.gov");
        AssertNoPageErrors();
    }

    [Fact]
    public async Task GivenACitedDocument_WhenItsCitedByIsShown_ThenTheCitingClaimLinksBackAndThePassageIsHighlighted()
    {
        var page = await OpenAsync("tomas@demo.annotatehub.test", Budget);
        var item = page.Locator("[data-cited-by-item='cleaner']");
        await Assertions.Expect(item).ToContainTextAsync(CitingClaim);
        await Assertions.Expect(item).ToContainTextAsync("Radio interview: the Alder River");

        // the passage it cites, in this document
        await item.Locator("[data-cited-by-passage]").ClickAsync();
        await ExpectHighlightedAsync(page, CitedPassage, "after 'cites …' in cited by");

        // back to the claim, its card selected and in view
        await item.Locator("[data-cited-by-link]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/documents/alder-river-interview\\?annotation=cleaner$"));
        var card = page.Locator(".card[data-annotation-id='cleaner']");
        await Assertions.Expect(card).ToHaveClassAsync(new Regex("selected"));
        await Assertions.Expect(card).ToBeInViewportAsync();

        // and the card's "open document" lands on the passage, highlighted
        await card.Locator("[data-open-document]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/documents/riverton-budget-statement\\?at=\\d+-\\d+$"));
        await page.WaitForSelectorAsync(".document-page[data-interactive='true'] #doc-text mark.hl");
        await ExpectHighlightedAsync(page, CitedPassage, "after the card's 'open document'");
        AssertNoPageErrors();
    }

    /// <summary>Waits until the page highlights <paramref name="passage"/> as the cited passage (CSS Custom Highlight API).</summary>
    private static async Task ExpectHighlightedAsync(IPage page, string passage, string step)
    {
        const string Highlighted = "() => { const h = CSS.highlights.get('ah-cited'); return h ? [...h][0].toString() : ''; }";
        try
        {
            await page.WaitForFunctionAsync($"p => ({Highlighted})() === p", passage, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{step}: expected '{passage}' highlighted as the cited passage within 10 s; highlighted: '{await page.EvaluateAsync<string>(Highlighted)}'.");
        }
    }

    /// <summary>No script error on the page; when there was one, the server's output says what threw.</summary>
    private void AssertNoPageErrors() =>
        Assert.True(_pageErrors.Count == 0, $"{string.Join("\n", _pageErrors)}\nServer output:\n{fixture.App.Output}");

    private static ILocator CardWithQuote(IPage page, string quote) =>
        page.Locator(".card[data-annotation-id]", new() { Has = page.Locator("blockquote.quote", new() { HasText = quote }) });

    private async Task<IPage> OpenAsync(string email, string document, int width = 1400, int height = 1000)
    {
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, problem => _pageErrors.Add($"{email}: {problem}"));
        await page.GotoAsync(new Uri(fixture.App.BaseAddress, "signin?returnUrl=%2F" + Uri.EscapeDataString(document)).ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(fixture.App.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 30_000 });
        return page;
    }
}
