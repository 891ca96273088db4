using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// The workspace list, a workspace's documents and paste-to-import (with its confirmation step), its members and its
/// settings, driven in Chromium against the real app on a fresh demo workspace (one app per test: the tests change
/// members and settings). File and URL import: <see cref="ImportTests"/>.
/// </summary>
public sealed class WorkspacePagesTests : IAsyncLifetime
{
    private const string Admin = "admin@demo.annotatehub.test";
    private const string Ines = "ines@demo.annotatehub.test";
    private const string Maya = "maya@demo.annotatehub.test";
    private const string Tomas = "tomas@demo.annotatehub.test";
    private const string Sam = "sam@demo.annotatehub.test";

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
    public async Task GivenReviewer_WhenPastingADocument_ThenFieldErrorsShowFirstAndTheyLandOnTheNewDocument()
    {
        var page = await SignedInPageAsync(Maya);
        await OpenAsync(page, "workspaces/demo", "documents");
        await Assertions.Expect(page.Locator("#documents-table a.doc-link")).ToHaveCountAsync(2);

        // nothing pasted: the field says what is missing, right next to it, and nothing is converted
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview text" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field:has(#import-text) #import-text-error")).ToContainTextAsync("Paste the document's text");
        await Assertions.Expect(page.Locator("#import-text")).ToHaveAttributeAsync("aria-invalid", "true");

        // a document far larger than one circuit message (32 KB) is previewed as plain text: markup in it is shown, never run
        const string title = "Council transport briefing 🚌";
        var text = "Agenda <script>alert(1)</script> & <b>notes</b> as read out:\n\n" + LongText(60_000); // not a headline: no title
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview text" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Text to import")).ToHaveValueAsync(text.TrimEnd());
        await Assertions.Expect(page.Locator(".import-preview .detected-title")).ToHaveTextAsync("none");
        await Assertions.Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(string.Empty);

        // the title and source are checked next to their fields before anything is created
        await page.GetByRole(AriaRole.Button, new() { Name = "Create document" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field:has(#import-title) #import-title-error")).ToContainTextAsync("Give the document a title");
        await Assertions.Expect(page.Locator("#import-title")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(new string('t', 301));
        await page.GetByLabel("Source URL (optional)").FillAsync("example.org/article");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create document" }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-title-error")).ToContainTextAsync("at most 300 characters");
        await Assertions.Expect(page.Locator(".field:has(#import-source) #import-source-error")).ToContainTextAsync("https://");
        await ScreenshotAsync(page, "workspace-import-errors");

        // confirmed: the reviewer lands on the new document
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Source URL (optional)").FillAsync("https://example.org/briefing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create document" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/documents/doc-[A-Za-z0-9]+$"), new() { Timeout = 15_000 });
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".doc-text")).ToContainTextAsync("Paragraph 1: the council said");
        await Assertions.Expect(page.Locator(".doc-text")).ToContainTextAsync("Agenda <script>alert(1)</script> & <b>notes</b>");

        // the workspace lists it with its claim counts
        await OpenAsync(page, "workspaces/demo", "documents");
        await Assertions.Expect(page.Locator("#documents-table a.doc-link")).ToHaveCountAsync(3);
        var row = page.Locator("#documents-table tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = title }) });
        await Assertions.Expect(row.Locator(".badge[data-status='open']")).ToHaveTextAsync("0 open");
        await Assertions.Expect(row).ToContainTextAsync("by Maya Okafor");

        // the filter narrows the list by title
        await page.GetByLabel("Filter by title").FillAsync("transport");
        await Assertions.Expect(page.Locator("#documents-table a.doc-link")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#doc-filter-count")).ToHaveTextAsync("1 of 3 documents");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenViewer_WhenBrowsingTheWorkspace_ThenTheyReadEverythingButSeeNoImportMemberOrSettingsControls()
    {
        var page = await SignedInPageAsync(Sam);

        // the list: a card per workspace, its documents, and claim counts whose badges say their status in words
        var card = page.Locator(".workspace-card[data-workspace-id='demo']");
        await Assertions.Expect(card.Locator("a.doc-link")).ToHaveCountAsync(2);
        await Assertions.Expect(card).ToContainTextAsync("2 documents");
        foreach (var status in new[] { "open", "consensus", "disputed", "resolved" })
        {
            await Assertions.Expect(card.Locator($".claim-counts .badge[data-status='{status}']")).ToHaveTextAsync(new Regex($"^\\d+ {status}$"));
        }

        await Assertions.Expect(card.Locator(".badge[data-status='disputed']")).Not.ToHaveTextAsync("0 disputed");
        await ScreenshotAsync(page, "workspace-list");
        await page.WaitForSelectorAsync(".home-page[data-interactive='true']", new() { Timeout = 15_000 }); // a click before the circuit is up is lost
        await card.GetByRole(AriaRole.Link, new() { Name = "Demo newsroom" }).ClickAsync();
        await page.WaitForSelectorAsync(".workspace-page[data-section='documents'][data-interactive='true']");

        await Assertions.Expect(page.Locator("#documents-table a.doc-link")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("form.import-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".import.read-only")).ToContainTextAsync("ask a workspace admin for the reviewer role");

        await OpenAsync(page, "workspaces/demo/members", "members");
        await Assertions.Expect(page.Locator(".member-grid tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(MemberRow(page, "maya")).ToContainTextAsync("maya@demo.annotatehub.test");
        await Assertions.Expect(MemberRow(page, "maya").Locator("td.role")).ToHaveTextAsync("reviewer");
        await Assertions.Expect(page.Locator("[data-role-select], [data-save-role], [data-remove-member]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("form.add-member-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Only workspace admins can add, change or remove members.")).ToBeVisibleAsync();

        await OpenAsync(page, "workspaces/demo/settings", "settings");
        await Assertions.Expect(page.Locator("form.settings-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".settings .read-only")).ToContainTextAsync("Only workspace admins can change these settings");
        await Assertions.Expect(page.Locator(".settings-summary")).ToContainTextAsync("2 votes");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenAdmin_WhenRemovingSamAndAddingHimBackAsReviewer_ThenSamLosesAccessThenSeesTheImportForm()
    {
        var admin = await SignedInPageAsync(Admin);
        var sam = await SignedInPageAsync(Sam);
        await OpenAsync(sam, "workspaces/demo", "documents");
        await Assertions.Expect(sam.Locator("form.import-form")).ToHaveCountAsync(0);

        await OpenAsync(admin, "workspaces/demo/members", "members");

        // bad emails are refused next to the field
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".field:has(#member-email) #member-email-error")).ToContainTextAsync("Enter the email address");
        await admin.GetByLabel("Email", new() { Exact = true }).FillAsync("nobody@demo.annotatehub.test");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#member-email-error")).ToContainTextAsync("There is no AnnotateHub account");
        await Assertions.Expect(admin.Locator(".member-grid tbody tr")).ToHaveCountAsync(5);

        // remove (confirmed in a dialog that says what it does)
        await admin.GetByRole(AriaRole.Button, new() { Name = "Remove Sam Viewer" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Sam Viewer will no longer see this workspace");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await ExpectSnackbarAsync(admin, "Sam Viewer was removed from the workspace.");
        await Assertions.Expect(MemberRow(admin, "sam")).ToHaveCountAsync(0);

        await OpenAsync(sam, "workspaces/demo", null);
        await Assertions.Expect(sam.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Assertions.Expect(sam.Locator("a.doc-link")).ToHaveCountAsync(0);

        // add back as a reviewer
        await admin.GetByLabel("Email", new() { Exact = true }).FillAsync(Sam);
        await ChooseAsync(admin, admin.Locator("[data-new-member-role]"), "reviewer");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await ExpectSnackbarAsync(admin, "Sam Viewer was added as a reviewer.");
        await Assertions.Expect(admin.Locator(".member-grid [data-user-id='sam']")).ToHaveAttributeAsync("data-role", "reviewer");

        await OpenAsync(sam, "workspaces/demo", "documents");
        await Assertions.Expect(sam.Locator("form.import-paste")).ToBeVisibleAsync();
        await Assertions.Expect(sam.GetByLabel("Text", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(sam.Locator(".ws-role [data-role]")).ToHaveTextAsync("reviewer");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenTheOnlyAdmin_WhenRemovingOrDemotingThemselves_ThenRefusedWithAReasonAndOthersCanBeChangedByKeyboard()
    {
        var page = await SignedInPageAsync(Admin);
        await OpenAsync(page, "workspaces/demo/members", "members");
        var self = MemberRow(page, "admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Ada Admin" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Remove yourself?");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Assertions.Expect(self.Locator("td.remove .field-error")).ToContainTextAsync("You are the only admin of this workspace");
        await Assertions.Expect(page.Locator(".member-grid tbody tr")).ToHaveCountAsync(5);

        await ChooseAsync(page, page.Locator("[data-role-select='admin']"), "moderator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save role of Ada Admin" }).ClickAsync();
        await Assertions.Expect(self.Locator("td.role")).ToContainTextAsync("You are the only admin of this workspace");
        await Assertions.Expect(self.Locator("[data-user-id='admin']")).ToHaveAttributeAsync("data-role", "admin");
        await Assertions.Expect(page.Locator("#role-" + RowKey("admin"))).ToHaveAttributeAsync("aria-invalid", "true");
        await ScreenshotAsync(page, "workspace-members-admin");

        // the keyboard alone: open the removal, land on Cancel in the dialog, cancel, land back on the button
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Remove Tomás Lindqvist" });
        await remove.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(remove).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".member-grid tbody tr")).ToHaveCountAsync(5);

        // change a role with the keyboard: open the list, move down to the role, choose it, then save
        await page.Locator("[data-role-select='tomas']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "viewer", Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "viewer", Exact = true })).ToHaveCountAsync(0);
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save role of Tomás Lindqvist" });
        await save.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await ExpectSnackbarAsync(page, "Tomás Lindqvist is now a viewer.");
        await page.ReloadAsync();
        await WaitInteractiveAsync(page, "members");
        await Assertions.Expect(page.Locator(".member-grid [data-user-id='tomas']")).ToHaveAttributeAsync("data-role", "viewer");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenAdmin_WhenSavingSettings_ThenErrorsShowNextToFieldsAndSavedValuesPersistAfterReload()
    {
        var page = await SignedInPageAsync(Admin);
        await OpenAsync(page, "workspaces/demo/settings", "settings");
        var quorum = page.GetByLabel("Quorum (votes needed per claim)");
        var publisherUrl = page.GetByLabel("Publisher URL (optional)");
        await Assertions.Expect(quorum).ToHaveValueAsync("2");

        await quorum.FillAsync("0");
        await publisherUrl.FillAsync("factcheck.example.org");
        await page.GetByLabel("Publisher name (optional)").FillAsync(new string('n', 201));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field:has(#settings-quorum) #settings-quorum-error")).ToContainTextAsync("between 1 and 20");
        await Assertions.Expect(page.Locator(".field:has(#settings-publisher-url) #settings-publisher-url-error")).ToContainTextAsync("https://");
        await Assertions.Expect(page.Locator(".field:has(#settings-publisher-name) #settings-publisher-name-error")).ToContainTextAsync("at most 200");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "workspace-settings-errors");

        await quorum.FillAsync("21");
        await publisherUrl.FillAsync("ftp://factcheck.example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("#settings-quorum-error")).ToContainTextAsync("between 1 and 20");
        await Assertions.Expect(page.Locator("#settings-publisher-url-error")).ToBeVisibleAsync();

        await quorum.FillAsync("3");
        await page.GetByRole(AriaRole.Switch, new() { Name = "Blind voting" }).CheckAsync();
        await page.GetByLabel("Publisher name (optional)").FillAsync("Riverton Fact Desk");
        await publisherUrl.FillAsync("https://factcheck.example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await ExpectSnackbarAsync(page, "Settings saved.");
        await Assertions.Expect(page.Locator(".mud-input-error")).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await WaitInteractiveAsync(page, "settings");
        await Assertions.Expect(quorum).ToHaveValueAsync("3");
        await Assertions.Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Blind voting" })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Publisher name (optional)")).ToHaveValueAsync("Riverton Fact Desk");
        await Assertions.Expect(publisherUrl).ToHaveValueAsync("https://factcheck.example.org");

        // the publisher on public pages: its own form, its errors next to their fields too
        var accent = page.GetByLabel("Accent colour (optional)");
        var slug = page.GetByLabel("Public address of your fact checks (optional)");
        await accent.FillAsync("blue");
        await slug.FillAsync("Metro Desk!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save publisher" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field:has(#publisher-accent) #publisher-accent-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".field:has(#publisher-slug) #publisher-slug-error")).ToBeVisibleAsync();
        await Assertions.Expect(accent).ToHaveAttributeAsync("aria-invalid", "true");

        await accent.FillAsync("#1f4fbf");
        await slug.FillAsync("metro-desk");
        await page.GetByLabel("Time zone of public dates").FillAsync("Europe/Berlin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save publisher" }).ClickAsync();
        await ExpectSnackbarAsync(page, "Publisher saved.");
        await Assertions.Expect(page.Locator(".mud-input-error")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await WaitInteractiveAsync(page, "settings");
        await Assertions.Expect(slug).ToHaveValueAsync("metro-desk");
        await Assertions.Expect(page.GetByLabel("Time zone of public dates")).ToHaveValueAsync("Europe/Berlin");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenModerator_WhenOpeningSettings_ThenNoFormAndAFormLeftOpenAfterLosingAdminIsRefusedByTheServer()
    {
        var ines = await SignedInPageAsync(Ines);
        await OpenAsync(ines, "workspaces/demo/settings", "settings");
        await Assertions.Expect(ines.Locator("form.settings-form")).ToHaveCountAsync(0);
        await Assertions.Expect(ines.Locator(".settings .read-only")).ToContainTextAsync("your role is moderator");

        // made admin, Inês gets the form...
        var admin = await SignedInPageAsync(Admin);
        await OpenAsync(admin, "workspaces/demo/members", "members");
        await SetRoleAsync(admin, "ines", "Inês Duarte", "admin");
        await ines.ReloadAsync();
        await WaitInteractiveAsync(ines, "settings");
        await Assertions.Expect(ines.Locator("form.settings-form")).ToBeVisibleAsync();

        // ...loses the role while it is open, and the server refuses what the page still offers
        await SetRoleAsync(admin, "ines", "Inês Duarte", "moderator");
        await ines.GetByLabel("Quorum (votes needed per claim)").FillAsync("5");
        await ines.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(ines.Locator(".settings .form-error")).ToContainTextAsync("Only a workspace admin can change its settings.");
        await Assertions.Expect(ines.Locator("form.settings-form")).ToHaveCountAsync(0);
        await Assertions.Expect(ines.Locator(".settings-summary")).ToContainTextAsync("2 votes");

        await OpenAsync(admin, "workspaces/demo/settings", "settings");
        await Assertions.Expect(admin.GetByLabel("Quorum (votes needed per claim)")).ToHaveValueAsync("2");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenReviewerDemotedToViewerWhileTheFormIsOpen_WhenImporting_ThenTheDomainRefusesAndNothingIsImported()
    {
        var tomas = await SignedInPageAsync(Tomas);
        await OpenAsync(tomas, "workspaces/demo", "documents");
        await tomas.GetByLabel("Text", new() { Exact = true }).FillAsync("Some text that a viewer may not import.");
        await tomas.GetByRole(AriaRole.Button, new() { Name = "Preview text" }).ClickAsync();
        await tomas.GetByLabel("Title", new() { Exact = true }).FillAsync("Should not be imported");

        var admin = await SignedInPageAsync(Admin);
        await OpenAsync(admin, "workspaces/demo/members", "members");
        await SetRoleAsync(admin, "tomas", "Tomás Lindqvist", "viewer");

        await tomas.GetByRole(AriaRole.Button, new() { Name = "Create document" }).ClickAsync();
        await Assertions.Expect(tomas.Locator(".import .form-error")).ToContainTextAsync("Viewers can read documents but not change them");
        await Assertions.Expect(tomas.Locator("form.import-form")).ToHaveCountAsync(0);
        await Assertions.Expect(tomas.Locator(".ws-role [data-role]")).ToHaveTextAsync("viewer");

        await tomas.ReloadAsync();
        await WaitInteractiveAsync(tomas, "documents");
        await Assertions.Expect(tomas.Locator("#documents-table a.doc-link")).ToHaveCountAsync(2);
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task GivenUserOutsideTheWorkspace_WhenOpeningItsPages_ThenEachSaysNotFoundAndShowsNothingOfIt()
    {
        const string email = "olive@example.org";
        const string password = "outsider-pass-2026";
        var (exitCode, _, stderr) = await _app!.RunAdminAsync("create-user", "--email", email, "--name", "Olive Outsider", "--password", password);
        Assert.True(exitCode == 0, stderr);

        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, "signin").ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No workspaces yet" })).ToBeVisibleAsync();

        foreach (var path in new[] { "workspaces/demo", "workspaces/demo/members", "workspaces/demo/settings", "workspaces/no-such-place" })
        {
            await OpenAsync(page, path, null);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
            var html = await page.ContentAsync();
            Assert.DoesNotContain("Demo newsroom", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Riverton", html, StringComparison.Ordinal);
        }

        Assert.Empty(_pageErrors);
    }

    private static async Task SetRoleAsync(IPage adminPage, string userId, string name, string role)
    {
        await ChooseAsync(adminPage, adminPage.Locator($"[data-role-select='{userId}']"), role);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = $"Save role of {name}" }).ClickAsync();
        await ExpectSnackbarAsync(adminPage, $"{name} is now a{(role == "admin" ? "n" : "")} {role}.");
    }

    /// <summary>The members grid's row of one user.</summary>
    private static ILocator MemberRow(IPage page, string userId) =>
        page.Locator(".member-grid tbody tr", new() { Has = page.Locator($"[data-user-id='{userId}']") });

    /// <summary>Opens a MudSelect (its combobox carries the data-* hook) and picks an option, as a mouse user would.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true })).ToHaveCountAsync(0);
    }

    /// <summary>An outcome shown in a snackbar.</summary>
    private static Task ExpectSnackbarAsync(IPage page, string text) =>
        Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = text })).ToBeVisibleAsync();

    private static string RowKey(string value) => Convert.ToHexString(Encoding.UTF8.GetBytes(value)).ToLowerInvariant();

    /// <summary>Opens a workspace page and waits until its circuit is live (clicks before that are lost).</summary>
    private async Task OpenAsync(IPage page, string path, string? section)
    {
        await page.GotoAsync(new Uri(_app!.BaseAddress, path).ToString());
        await WaitInteractiveAsync(page, section);
    }

    private static Task WaitInteractiveAsync(IPage page, string? section) =>
        page.WaitForSelectorAsync(
            section is null ? ".workspace-page[data-interactive='true']" : $".workspace-page[data-section='{section}'][data-interactive='true']",
            new() { Timeout = 15_000 });

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, _pageErrors.Add);
        return page;
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_app!.BaseAddress, "signin").ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(_app.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo newsroom" })).ToBeVisibleAsync();
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static string LongText(int minimumLength)
    {
        var text = new StringBuilder();
        for (var i = 1; text.Length < minimumLength; i++)
        {
            text.Append("Paragraph ").Append(i)
                .Append(": the council said the new bus lanes cut average journey times by 12 percent, and café owners on the route disagreed. 🚏\n\n");
        }

        return text.ToString();
    }
}
