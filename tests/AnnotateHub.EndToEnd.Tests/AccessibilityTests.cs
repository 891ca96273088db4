using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// Every page, as a signed-in admin sees it, in light and in dark: axe-core finds no serious or critical violation,
/// and at a phone's width (390×844) no page scrolls sideways. One app and one browser for the whole class; the pages
/// only read, except the import preview (which creates nothing).
/// </summary>
public sealed class AccessibilityTests(AccessibilityTests.Fixture fixture) : IClassFixture<AccessibilityTests.Fixture>
{
    private const string Admin = "admin@demo.annotatehub.test";

    /// <summary>The pages the issue names, each with what proves it is ready (its circuit is live, its content shown).</summary>
    public static readonly TheoryData<string> Pages = ["sign-in", "home", "workspace", "members", "settings", "tokens", "import", "document"];

    /// <summary>The pages of the workspace and account area that must fit a phone (the document page has its own test).</summary>
    public static readonly TheoryData<string> PhonePages = ["sign-in", "home", "workspace", "members", "settings", "tokens", "import"];

    [Theory]
    [MemberData(nameof(Pages))]
    public Task GivenLightMode_WhenAxeChecksThePage_ThenNoSeriousOrCriticalViolation(string page) => AssertNoSeriousViolationsAsync(page, dark: false);

    [Theory]
    [MemberData(nameof(Pages))]
    public Task GivenDarkMode_WhenAxeChecksThePage_ThenNoSeriousOrCriticalViolation(string page) => AssertNoSeriousViolationsAsync(page, dark: true);

    [Theory]
    [MemberData(nameof(PhonePages))]
    public async Task GivenAPhoneWidth_WhenThePageIsOpen_ThenNothingScrollsSideways(string name)
    {
        var page = await fixture.PageAsync(name == "sign-in" ? null : Admin, dark: false, Fixture.Phone);
        await fixture.OpenAsync(page, name);

        // the page itself must not scroll sideways; a grid may scroll inside its own box
        var overflow = await page.EvaluateAsync<string[]>(
            """
            () => {
              const width = document.documentElement.clientWidth;
              const wide = [];
              if (document.documentElement.scrollWidth > width) {
                for (const el of document.querySelectorAll('body *')) {
                  const r = el.getBoundingClientRect();
                  if (r.right > width + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed' && !el.closest('.mud-table-container, .mud-drawer, .mud-popover')) {
                    wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
                  }
                }
                wide.unshift(`page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
              }
              return wide.slice(0, 12);
            }
            """);
        Assert.True(overflow.Length == 0, $"{name} scrolls sideways at 390 px:\n" + string.Join("\n", overflow));
        fixture.AssertNoPageErrors();
    }

    [Fact]
    public async Task GivenTheReadmeScreenshots_WhenTakenInLightDarkAndAtPhoneWidth_ThenDarkModeIsDarkAndLightModeIsLight()
    {
        var folder = Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var brightness = new Dictionary<string, double>();
        foreach (var (shot, dark, viewport, name) in new[]
                 {
                     ("workspace-light", false, Fixture.Wide, "workspace"),
                     ("workspace-dark", true, Fixture.Wide, "workspace"),
                     ("workspace-phone", false, Fixture.Phone, "workspace"),
                 })
        {
            var page = await fixture.PageAsync(Admin, dark, viewport);
            await fixture.OpenAsync(page, name);
            await page.Mouse.MoveAsync(0, 0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, shot + ".png"), FullPage = viewport == Fixture.Phone });
            brightness[shot] = await page.EvaluateAsync<double>(
                """
                () => {
                  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
                  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
                }
                """);
        }

        Assert.True(brightness["workspace-light"] > 0.8, $"the light page's background has brightness {brightness["workspace-light"]:F2}");
        Assert.True(brightness["workspace-dark"] < 0.25, $"the dark page's background has brightness {brightness["workspace-dark"]:F2}");
        fixture.AssertNoPageErrors();
    }

    private async Task AssertNoSeriousViolationsAsync(string name, bool dark)
    {
        var page = await fixture.PageAsync(name == "sign-in" ? null : Admin, dark, Fixture.Wide);
        await fixture.OpenAsync(page, name);
        Assert.Equal(dark ? "dark" : "light", await page.Locator("html").GetAttributeAsync("data-theme"));

        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found {serious.Count} serious or critical violation(s) on {name} ({(dark ? "dark" : "light")}):\n{Describe(serious)}");
        fixture.AssertNoPageErrors();
    }

    /// <summary>One block per rule: impact, rule, what it asks, and each offending element with axe's own summary.</summary>
    internal static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.AppendLine($"[{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes.Take(8))
            {
                text.AppendLine($"    at {node.Target}");
                text.AppendLine($"       {Shorten(node.Html)}");
                foreach (var check in (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []))
                {
                    text.AppendLine($"       - {check.Message}");
                }
            }

            if (violation.Nodes.Length > 8)
            {
                text.AppendLine($"    … and {violation.Nodes.Length - 8} more");
            }
        }

        return text.ToString();
    }

    private static string Shorten(string html) => html.Length <= 200 ? html : html[..200] + "…";

    /// <summary>The app with its demo data, Chromium, and one signed-in browser context per colour mode and viewport.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public static readonly ViewportSize Wide = new() { Width = 1300, Height = 900 };
        public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

        private readonly Dictionary<(string?, bool, int), IBrowserContext> _contexts = [];
        private readonly List<string> _problems = [];
        private readonly SemaphoreSlim _gate = new(1, 1);
        private IPlaywright? _playwright;
        private IBrowser? _browser;

        public AppHost App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = await AppHost.StartAsync();
            (_playwright, _browser) = await Browser.LaunchAsync();
        }

        public async Task DisposeAsync()
        {
            foreach (var context in _contexts.Values)
            {
                await context.DisposeAsync();
            }

            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }

            _playwright?.Dispose();
            if (App is not null)
            {
                await App.DisposeAsync();
            }
        }

        /// <summary>
        /// A new page in a context that remembers the colour mode (the <c>ah-theme</c> cookie, as the app bar's choice
        /// would) and, for <paramref name="email"/>, is signed in; null is a visitor who is signed out.
        /// </summary>
        public async Task<IPage> PageAsync(string? email, bool dark, ViewportSize viewport)
        {
            await _gate.WaitAsync();
            try
            {
                var key = (email, dark, viewport.Width);
                if (!_contexts.TryGetValue(key, out var context))
                {
                    context = await _browser!.NewContextAsync(new()
                    {
                        ViewportSize = viewport,
                        ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
                    });
                    await context.AddCookiesAsync([new Cookie { Name = "ah-theme", Value = dark ? "dark" : "light", Url = App.BaseAddress.ToString() }]);
                    if (email is not null)
                    {
                        var signIn = await context.NewPageAsync();
                        await signIn.GotoAsync(new Uri(App.BaseAddress, "signin").ToString());
                        await signIn.GetByLabel("Email").FillAsync(email);
                        await signIn.GetByLabel("Password").FillAsync(App.DemoPassword(email));
                        await signIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                        await Assertions.Expect(signIn.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces" })).ToBeVisibleAsync();
                        await signIn.CloseAsync();
                    }

                    _contexts[key] = context;
                }

                var page = await context.NewPageAsync();
                Browser.RecordProblems(page, Record);
                return page;
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Opens one of the named pages and waits until it is live and shows its content.</summary>
        public async Task OpenAsync(IPage page, string name)
        {
            var timeout = new PageWaitForSelectorOptions { Timeout = 20_000 };
            switch (name)
            {
                case "sign-in":
                    await page.GotoAsync(Url("signin"));
                    await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AnnotateHub" })).ToBeVisibleAsync();
                    break;
                case "home":
                    await page.GotoAsync(Url(string.Empty));
                    await page.WaitForSelectorAsync(".home-page[data-interactive='true'] .workspace-card", timeout);
                    break;
                case "workspace":
                    await page.GotoAsync(Url("workspaces/demo"));
                    await page.WaitForSelectorAsync(".workspace-page[data-section='documents'][data-interactive='true'] #documents-table", timeout);
                    break;
                case "members":
                    await page.GotoAsync(Url("workspaces/demo/members"));
                    await page.WaitForSelectorAsync(".workspace-page[data-section='members'][data-interactive='true'] .member-grid", timeout);
                    break;
                case "settings":
                    await page.GotoAsync(Url("workspaces/demo/settings"));
                    await page.WaitForSelectorAsync(".workspace-page[data-section='settings'][data-interactive='true'] form.settings-form", timeout);
                    break;
                case "tokens":
                    await page.GotoAsync(Url("account/tokens"));
                    await page.WaitForSelectorAsync(".tokens-page[data-interactive='true']", timeout);
                    break;
                case "import":
                    // the import's second step: the converted text, its title and source, before anything is created
                    await page.GotoAsync(Url("workspaces/demo"));
                    await page.WaitForSelectorAsync(".workspace-page[data-section='documents'][data-interactive='true']", timeout);
                    await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Council minutes\n\nThe council met on Tuesday. It passed the budget.");
                    await page.GetByRole(AriaRole.Button, new() { Name = "Preview text" }).ClickAsync();
                    await Assertions.Expect(page.Locator("form.import-preview")).ToBeVisibleAsync();
                    break;
                case "document":
                    await page.GotoAsync(Url("documents/riverton-budget-statement"));
                    await page.WaitForSelectorAsync(".document-page[data-interactive='true']", timeout);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(name), name, "no such page");
            }
        }

        /// <summary>Fails on any page error, console error or dialog recorded since the last call (and forgets them).</summary>
        public void AssertNoPageErrors()
        {
            string[] problems;
            lock (_problems)
            {
                problems = [.. _problems];
                _problems.Clear();
            }

            Assert.True(problems.Length == 0, "The page reported:\n" + string.Join("\n", problems));
        }

        private string Url(string path) => new Uri(App.BaseAddress, path).ToString();

        private void Record(string problem)
        {
            lock (_problems)
            {
                _problems.Add(problem);
            }
        }
    }
}
