using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// The bell, the inbox and "My work" in a real browser, on the demo workspace: a mention reaches the person mentioned
/// live, and a moderator works a dispute from "My work" to a ruling.
/// </summary>
public sealed class ActivityTests : IAsyncLifetime
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
    public async Task GivenAReviewerOnMyWork_WhenSomeoneMentionsThemInAThread_ThenTheBellCountRisesWithoutAReloadAndTheInboxHasIt()
    {
        var maya = await SignInAsync("maya@demo.annotatehub.test", "me/work", ".my-work[data-interactive='true']");
        await maya.WaitForSelectorAsync(".activity-bar[data-interactive='true']");
        var bell = maya.Locator("[data-bell]");
        var before = int.Parse(await bell.GetAttributeAsync("data-unread") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var mentionsBefore = await maya.Locator("[data-work-item='mention']").CountAsync();
        var tomas = await SignInAsync("tomas@demo.annotatehub.test", Document, ".document-page[data-interactive='true']");

        var card = tomas.Locator(".card[data-annotation-id='swim']");
        await card.Locator("[data-reply-input]").FillAsync("@mayaokafor can you check the rain-day samples?");
        await card.Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(card.Locator(".replies li")).ToContainTextAsync("rain-day samples");
        await Assertions.Expect(card.Locator(".replies .mention")).ToHaveTextAsync("@mayaokafor");

        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(maya.Locator("[data-work-item='mention']")).ToHaveCountAsync(mentionsBefore + 1);

        await bell.ClickAsync();
        await maya.WaitForSelectorAsync(".inbox[data-interactive='true']", new() { Timeout = 20_000 });
        var item = maya.Locator("[data-notification][data-kind='mention']", new() { HasText = "rain-day samples" });
        await Assertions.Expect(item).ToContainTextAsync("Tomás Lindqvist mentioned you in");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-read", "false");
        await item.Locator("[data-mark-read]").ClickAsync();
        await Assertions.Expect(item).ToHaveAttributeAsync("data-read", "true");
        await Assertions.Expect(maya.Locator("[data-bell]")).ToHaveAttributeAsync("data-unread", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenADisputedClaim_WhenTheModeratorOpensItFromMyWorkAndRules_ThenItLeavesTheirQueue()
    {
        var ines = await SignInAsync("ines@demo.annotatehub.test", "me/work", ".my-work[data-interactive='true']");
        var ruling = ines.Locator("[data-work-filter='ruling-needed']");
        await Assertions.Expect(ruling).ToHaveAttributeAsync("data-count", "2");
        await ruling.ClickAsync();
        var dispute = ines.Locator("[data-work-item='ruling-needed'][data-annotation-id='cleaner']");
        await Assertions.Expect(ines.Locator("[data-work-item]")).ToHaveCountAsync(2);
        await dispute.ClickAsync();

        await ines.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 20_000 });
        var card = ines.Locator(".card[data-annotation-id='cleaner']");
        await Assertions.Expect(card.Locator("[data-status]")).ToHaveTextAsync("disputed");
        await card.Locator("[data-ruling-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "Mixed" });
        await card.Locator("[data-ruling-rationale]").FillAsync("Cleaner for industrial pollutants, not for nitrates or bacteria.");
        await card.Locator("[data-resolve]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-status]")).ToHaveTextAsync("resolved");

        await ines.Locator("[data-my-work]").ClickAsync();
        await Assertions.Expect(ines.Locator("[data-work-filter='ruling-needed']")).ToHaveAttributeAsync("data-count", "1");
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenAThread_WhenTheModeratorLocksItWithAReason_ThenTheReviewerSeesWhyLiveTheirReplyIsRefusedAndTheModerationPageListsIt()
    {
        var ines = await SignInAsync("ines@demo.annotatehub.test", Document, ".document-page[data-interactive='true']");
        var tomas = await SignInAsync("tomas@demo.annotatehub.test", Document, ".document-page[data-interactive='true']");
        var card = (IPage p) => p.Locator(".card[data-annotation-id='swim']");

        await card(ines).Locator("[data-moderation-open]").ClickAsync();
        await card(ines).Locator("[data-moderation-reason]").FillAsync("Cooling off until the lab results are in.");
        await card(ines).Locator("[data-lock]").ClickAsync();

        await Assertions.Expect(card(tomas).Locator("[data-locked-notice]")).ToContainTextAsync("Cooling off until the lab results are in.");
        await card(tomas).Locator("[data-reply-input]").FillAsync("One more thing…");
        await card(tomas).Locator("[data-reply-send]").ClickAsync();
        await Assertions.Expect(card(tomas)).ToContainTextAsync("locked this thread");

        await ines.GotoAsync(new Uri(_app!.BaseAddress, "workspaces/demo/moderation").ToString());
        await Assertions.Expect(ines.Locator("[data-moderation-entry='lock']")).ToContainTextAsync("Cooling off until the lab results are in.");
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    [Fact]
    public async Task GivenAReply_WhenAReviewerFlagsItAndTheModeratorHidesIt_ThenTheReviewersOpenPageShowsWhyInPlaceOfIt_WithoutAReload()
    {
        var ines = await SignInAsync("ines@demo.annotatehub.test", Document, ".document-page[data-interactive='true']");
        var maya = await SignInAsync("maya@demo.annotatehub.test", Document, ".document-page[data-interactive='true']");
        await maya.EvaluateAsync("() => { window.notReloaded = true; }");
        var reply = (IPage p) => p.Locator(".card[data-annotation-id='cleaner'] [data-reply-id='cleaner-r1']");
        await Assertions.Expect(reply(maya).Locator("[data-reply-body]")).ToContainTextAsync("own answer supports mixed");

        // Maya flags Tomás's reply: a reason is asked for, next to the field
        await reply(maya).Locator("[data-flag-open]").ClickAsync();
        await reply(maya).Locator("[data-flag-send]").ClickAsync();
        await Assertions.Expect(reply(maya).Locator(".field-error")).ToContainTextAsync("Say why moderators should look at this reply");
        await reply(maya).Locator("[data-moderation-reason]").FillAsync("Reads like it puts words in Dr. Nwosu's mouth.");
        await reply(maya).Locator("[data-flag-send]").ClickAsync();
        await Assertions.Expect(reply(maya).Locator("[data-flagged]")).ToBeVisibleAsync();

        // the moderator sees the flag arrive and hides the reply with a reason; she still reads it, dimmed and labelled
        await Assertions.Expect(ines.Locator(".card[data-annotation-id='cleaner'] [data-moderation-open]")).ToContainTextAsync("1 flag");
        await reply(ines).Locator("[data-hide-open]").ClickAsync();
        await reply(ines).Locator("[data-moderation-reason]").FillAsync("Misquotes a source.");
        await reply(ines).Locator("[data-hide-send]").ClickAsync();
        await Assertions.Expect(reply(ines).Locator("[data-hidden-label]")).ToContainTextAsync("Misquotes a source.");
        await Assertions.Expect(reply(ines).Locator("[data-reply-body]")).ToContainTextAsync("own answer supports mixed");

        // Maya's open page shows the notice in place of the reply, live
        await Assertions.Expect(reply(maya).Locator("[data-hidden-notice]")).ToHaveTextAsync("Hidden by a moderator: Misquotes a source.");
        await Assertions.Expect(reply(maya)).Not.ToContainTextAsync("own answer supports");
        Assert.True(await maya.EvaluateAsync<bool>("() => window.notReloaded === true"), "Maya's page reloaded");

        // unhidden, it is back for her
        await reply(ines).Locator("[data-unhide]").ClickAsync();
        await Assertions.Expect(reply(maya).Locator("[data-reply-body]")).ToContainTextAsync("own answer supports mixed");
        await Assertions.Expect(reply(maya).Locator("[data-hidden-notice]")).ToHaveCountAsync(0);
        Assert.True(_pageErrors.Count == 0, string.Join("\n", _pageErrors));
    }

    private async Task<IPage> SignInAsync(string email, string path, string ready)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, problem => _pageErrors.Add($"{email}: {problem}"));
        await page.GotoAsync(new Uri(_app!.BaseAddress, "signin?returnUrl=%2F" + Uri.EscapeDataString(path)).ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync(ready, new() { Timeout = 20_000 });
        return page;
    }
}
