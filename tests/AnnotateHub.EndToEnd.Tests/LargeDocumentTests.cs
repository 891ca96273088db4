using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// A document with 2,000 annotations (made through the REST API with a token from the admin CLI) opens in the browser
/// with every highlight and a window of cards that follows highlight clicks and scrolling, and still takes a new
/// highlight through the composer.
/// </summary>
public sealed class LargeDocumentTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Annotations = 2000;
    private const string Email = "bea@example.org";
    private const string Password = "Large-doc-pass-7";
    private const string Unannotated = "The harbour authority doubled the ferry budget in a single year";

    private readonly string _data = Directory.CreateTempSubdirectory("annotatehub-large-").FullName;
    private readonly List<string> _pageErrors = [];
    private AppHost? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _token = string.Empty;
    private string _workspaceId = string.Empty;

    public async Task InitializeAsync()
    {
        // the CLI cannot write while the server holds the database: bootstrap first, then start the server
        await AdminAsync("create-user", "--email", Email, "--name", "Bea Bigdoc", "--password", Password);
        _workspaceId = (await AdminAsync("create-workspace", "--name", "Big desk")).TrimEnd().Split('\n')[^1].Trim();
        await AdminAsync("add-member", "--workspace", _workspaceId, "--email", Email, "--role", "admin");
        _token = (await AdminAsync("issue-token", "--email", Email, "--expires-days", "1")).Trim();

        _app = await AppHost.StartAsync(new Dictionary<string, string>
        {
            ["Demo:Seed"] = "false",
            ["Security:ApiRequestsPerMinute"] = "100000",
        }, _data);
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

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task GivenADocumentWith2000Annotations_WhenOpened_ThenEveryHighlightShowsCardsFollowAndItTakesANewHighlight()
    {
        var seeding = Stopwatch.StartNew();
        var documentId = await CreateLargeDocumentAsync();
        output.WriteLine($"created a document with {Annotations} annotations through the API in {seeding.Elapsed.TotalSeconds:0.0} s");

        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, _pageErrors.Add);
        await page.GotoAsync(new Uri(_app!.BaseAddress, "signin?returnUrl=%2F").ToString());
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("signin", StringComparison.Ordinal), new() { Timeout = 20_000 });

        var opening = Stopwatch.StartNew();
        await page.GotoAsync(new Uri(_app.BaseAddress, "documents/" + Uri.EscapeDataString(documentId)).ToString());
        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 60_000 });
        output.WriteLine($"time to interactive: {opening.ElapsedMilliseconds} ms");

        // every annotation has its highlight in the text; the list knows all 2,000 but renders only a window of cards
        var highlighted = await page.EvaluateAsync<int>(
            "() => new Set([...document.querySelectorAll('mark.hl')].flatMap(m => (m.dataset.annotation || '').split(' ').filter(x => x))).size");
        Assert.Equal(Annotations, highlighted);
        await Assertions.Expect(page.Locator("[data-card-count]")).ToHaveTextAsync("2,000 annotations");
        Assert.Equal("2000", await page.Locator("[data-cards-window]").GetAttributeAsync("data-total"));
        var rendered = await page.Locator(".card").CountAsync();
        Assert.InRange(rendered, 1, 60);
        await Assertions.Expect(page.Locator(".card[data-annotation-id='big-0']")).ToBeVisibleAsync();

        // clicking a highlight far down the text brings its card (not rendered until then) into the side panel
        var far = page.Locator("mark.hl[data-annotation~='big-1500']").First;
        await far.ScrollIntoViewIfNeededAsync();
        var innermost = (await far.GetAttributeAsync("data-annotation"))!.Split(' ')[^1]; // a click picks the innermost highlight
        await far.ClickAsync();
        var farCard = page.Locator($".card[data-annotation-id='{innermost}']");
        await Assertions.Expect(farCard).ToBeInViewportAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(farCard).ToHaveClassAsync(new Regex("selected"));
        await Assertions.Expect(page.Locator(".card[data-annotation-id='big-0']")).ToHaveCountAsync(0);

        // scrolling the side panel to the end renders the last cards
        for (var i = 0; i < 40 && await page.Locator(".card[data-annotation-id='big-1999']").CountAsync() == 0; i++)
        {
            await page.EvaluateAsync("() => { const side = document.querySelector('.side'); side.scrollTop = side.scrollHeight; }");
            await page.WaitForTimeoutAsync(150);
        }

        await Assertions.Expect(page.Locator(".card[data-annotation-id='big-1999']")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // and back to the top renders the first ones again
        await page.EvaluateAsync("() => { document.querySelector('.side').scrollTop = 0; }");
        await Assertions.Expect(page.Locator(".card[data-annotation-id='big-0']")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // select an unannotated passage and mark it through the composer
        var scrollBefore = await page.EvaluateAsync<double>("() => window.scrollY");
        await Browser.SelectTextAsync(page, Unannotated);
        var selected = await page.EvaluateAsync<string>("() => JSON.stringify(annotateHub.selectionIn('#doc-text'))");
        output.WriteLine($"selection as the page reports it: {selected}");
        try
        {
            await Assertions.Expect(page.Locator("[data-composer-quote]")).ToContainTextAsync(Unannotated, new() { Timeout = 60_000 });
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException($"the composer did not open for {selected}. Page errors: {string.Join("\n", _pageErrors)}\nServer output:\n{_app.Output}", exception);
        }
        await page.GetByLabel("Tags", new() { Exact = true }).FillAsync("budget");
        await page.GetByLabel("Note (Markdown)").FillAsync("Check the *ferry* budget line.");
        var saving = Stopwatch.StartNew();
        await page.Locator("[data-composer-save]").ClickAsync();
        // the saved card, not the composer (which quotes the same passage until it closes)
        var card = page.Locator(".card[data-annotation-id]", new() { Has = page.Locator("blockquote", new() { HasText = Unannotated }) });
        await Assertions.Expect(card).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("mark.hl", new() { HasText = "ferry budget" })).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-card-count]")).ToHaveTextAsync("2,001 annotations");
        output.WriteLine($"new highlight saved and shown in {saving.ElapsedMilliseconds} ms; scroll {scrollBefore} -> {await page.EvaluateAsync<double>("() => window.scrollY")}");

        Directory.CreateDirectory(ArtifactsFolder());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "large-document.png"), FullPage = false });
        Assert.True(_pageErrors.Count == 0, "page errors:\n" + string.Join("\n", _pageErrors));
    }

    /// <summary>A long text (the last sentence left unannotated) and 2,000 highlights spread over it, through /api/v1.</summary>
    private async Task<string> CreateLargeDocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = _app!.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        var text = LongText(9000) + "\n\n" + Unannotated + ".";
        using var created = await http.PostAsJsonAsync($"api/v1/workspaces/{_workspaceId}/documents", new { title = "Budget hearing transcript", content = text, format = "text" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        var documentId = json.RootElement.GetProperty("id").GetString()!;
        var normalised = json.RootElement.GetProperty("text").GetString()!;
        var annotatable = normalised.IndexOf(Unannotated, StringComparison.Ordinal) - 2; // ASCII: code points = UTF-16
        Assert.True(annotatable > 10_000, "the text is long");

        string[] kinds = ["claim", "comment", "question"];
        using var gate = new SemaphoreSlim(4);
        var tasks = Enumerable.Range(0, Annotations).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var start = (int)((long)i * (annotatable - 60) / Annotations);
                var end = start + 12 + (i * 7 % 45);
                using var response = await http.PostAsJsonAsync($"api/v1/documents/{documentId}/annotations", new
                {
                    id = $"big-{i}",
                    kind = kinds[i % 3],
                    target = new { start, end },
                    body = $"Note {i}: check this against the *minutes*.",
                    tags = i % 5 == 0 ? new[] { "budget" } : [],
                });
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"annotation {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return documentId;
    }

    private async Task<string> AdminAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await AppHost.RunAdminAsync(_data, args);
        Assert.True(exitCode == 0, $"admin {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    private static string LongText(int words)
    {
        string[] vocabulary =
        [
            "the", "council", "said", "spending", "rose", "by", "percent", "last", "year", "while", "revenue", "fell",
            "according", "to", "figures", "published", "in", "march", "critics", "argued", "that", "roads", "schools",
            "and", "clinics", "were", "left", "without", "money", "despite", "promises", "made", "during", "campaign",
        ];
        var random = new Random(7);
        var text = new StringBuilder(words * 8);
        for (var i = 0; i < words; i++)
        {
            var word = vocabulary[random.Next(vocabulary.Length)];
            text.Append(i % 12 == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            text.Append(i % 12 == 11 ? (i % 96 == 95 ? ".\n\n" : ". ") : " ");
        }

        return text.ToString().TrimEnd() + ".";
    }

    private static string ArtifactsFolder() => Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
}
