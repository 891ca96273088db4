using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AnnotateHub.EndToEnd.Tests;
using AnnotateHub.Web.Seeding;
using Microsoft.Playwright;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The real app (a child process, as the browser tests start it) and Debian Chromium: live-browser-10-p99 and
/// open-2000-browser. Skipped in --quick (starting the app and eleven pages alone takes most of a minute).
/// </summary>
public static class LiveBrowserBenchmarks
{
    private const int Viewers = 10;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run)
    {
        if (run.Quick)
        {
            Console.WriteLine("# live-browser-10-p99, open-2000-browser: skipped in --quick (they start the app and Chromium)");
            return [];
        }

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.WriteLine($"# live-browser-10-p99, open-2000-browser: skipped, no Chromium at {chromium} (set CHROMIUM_PATH)");
            return [];
        }

        var data = Path.Combine(run.Folder, "browser-app");
        Directory.CreateDirectory(data);

        // The demo seed (a hosted service that runs once the silo has started) makes the workspace and its admin.
        await using var app = await AppHost.StartAsync(new Dictionary<string, string>
        {
            ["Demo:Seed"] = "true",
            ["Security:ApiRequestsPerMinute"] = "1000000",
            ["Logging:LogLevel:AnnotateHub"] = "Warning",
        }, data);
        var email = DemoSeeder.Email(DemoSeeder.Admin);
        var password = app.DemoPassword(email);
        var workspaceId = DemoSeeder.WorkspaceId;
        var token = (await AdminAsync(app, "issue-token", "--email", email, "--expires-days", "1")).Trim().Split('\n')[^1].Trim();
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var seeding = Stopwatch.StartNew();
        var liveId = await CreateDocumentAsync(http, workspaceId, "Live bench", 20);
        var bigId = await CreateDocumentAsync(http, workspaceId, "Open bench", 2000);
        run.Log($"live-browser: app up, documents seeded through the API in {seeding.Elapsed.TotalSeconds:0.0} s");

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
            var errors = new List<string>();
            var first = await NewPageAsync(context, errors);
            await first.GotoAsync(new Uri(app.BaseAddress, "signin?returnUrl=%2F").ToString());
            await first.GetByLabel("Email").FillAsync(email);
            await first.GetByLabel("Password").FillAsync(password);
            await first.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await first.WaitForURLAsync(url => !url.Contains("signin", StringComparison.Ordinal));

            // open-2000-browser: navigation to data-interactive, each time in a new tab; where the time goes is read from
            // the tab: the page's first byte and DOMContentLoaded (prerender), the circuit's WebSocket, the text with its
            // highlights in the DOM (the circuit's first render), and data-interactive (the page's wiring)
            await context.AddInitScriptAsync(
                """
                (() => {
                  const t = window.__openTimes = {};
                  const seen = () => {
                    if (!t.text && document.querySelector('#doc-text mark.hl')) { t.text = performance.now(); }
                    if (!t.cards && document.querySelector('.card[data-annotation-id]')) { t.cards = performance.now(); }
                    if (!t.interactive && document.querySelector(".document-page[data-interactive='true']")) { t.interactive = performance.now(); }
                  };
                  t.longTasks = 0;
                  try {
                    new PerformanceObserver((list) => { for (const e of list.getEntries()) { if (!t.interactive) { t.longTasks += e.duration; } } })
                      .observe({ type: 'longtask', buffered: true });
                  } catch { /* no long task timing */ }
                  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-interactive'] });
                  const open = WebSocket.prototype.constructor;
                  window.WebSocket = function (...args) { const ws = new open(...args); ws.addEventListener('open', () => { t.socket ??= performance.now(); }); return ws; };
                  window.WebSocket.prototype = open.prototype;
                  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
                })();
                """);
            var opens = new List<double>();
            var phases = string.Empty;
            for (var i = 0; i < 2; i++)
            {
                var tab = await NewPageAsync(context, errors);
                var started = Stopwatch.StartNew();
                await tab.GotoAsync(new Uri(app.BaseAddress, "documents/" + bigId).ToString());
                await tab.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 60_000 });
                var ms = started.Elapsed.TotalMilliseconds;
                var cards = await tab.Locator(".card").CountAsync();
                var highlighted = await tab.EvaluateAsync<int>(
                    "() => new Set([...document.querySelectorAll('mark.hl')].flatMap(m => m.dataset.annotation.split(' '))).size");
                var total = await tab.Locator("[data-cards-window]").GetAttributeAsync("data-total");
                if (cards == 0 || highlighted != 2000 || total != "2000")
                {
                    throw new InvalidOperationException($"the page shows {cards} cards of {total} and highlights for {highlighted} annotations, expected 2000");
                }

                if (i > 0)
                {
                    opens.Add(ms); // the first open also warms the app's JIT
                    var times = await tab.EvaluateAsync<Dictionary<string, double>>(
                        """
                        () => {
                          const n = performance.getEntriesByType('navigation')[0];
                          const t = window.__openTimes;
                          return { firstByte: n.responseStart, domReady: n.domContentLoadedEventEnd, socket: t.socket ?? -1, text: t.text ?? -1, cards: t.cards ?? -1, interactive: t.interactive ?? -1, longTasksBeforeInteractive: t.longTasks };
                        }
                        """);
                    phases = string.Join(", ", times.Select(p => $"{p.Key} {p.Value:0}"));
                }

                await tab.CloseAsync();
            }

            // live-browser-10: one writer tab and ten viewer tabs on the live document
            var url = new Uri(app.BaseAddress, "documents/" + liveId).ToString();
            var writer = first;
            await writer.GotoAsync(url);
            await writer.WaitForSelectorAsync(".document-page[data-interactive='true']");
            var viewers = new List<IPage>();
            for (var i = 0; i < Viewers; i++)
            {
                var page = await NewPageAsync(context, errors);
                await page.GotoAsync(url);
                await page.WaitForSelectorAsync(".document-page[data-interactive='true']");
                await page.EvaluateAsync(
                    """
                    () => {
                      window.__seen = {};
                      new MutationObserver(() => {
                        const want = window.__want;
                        if (!want || window.__seen[want]) { return; }
                        const card = document.querySelector(".card[data-annotation-id='live-0']");
                        if (card && card.textContent.includes(want)) { window.__seen[want] = Date.now(); }
                      }).observe(document.body, { subtree: true, childList: true, characterData: true });
                    }
                    """);
                viewers.Add(page);
            }

            var card = writer.Locator(".card[data-annotation-id='live-0']");
            var samples = new List<double>();
            const int WarmUps = 3;
            var changes = 20;
            for (var i = 0; i < WarmUps + changes; i++)
            {
                var want = $"bench-reply-{i}-{Guid.NewGuid():N}";
                foreach (var viewer in viewers)
                {
                    await viewer.EvaluateAsync("w => { window.__want = w; }", want);
                }

                await card.Locator("[data-reply-input]").FillAsync(want);
                await Task.Delay(50); // let the input event reach the server before the click
                var clickedAt = await writer.EvaluateAsync<double>(
                    "() => { const t = Date.now(); document.querySelector(\".card[data-annotation-id='live-0'] [data-reply-send]\").click(); return t; }");
                var seen = new List<double>();
                foreach (var viewer in viewers)
                {
                    var handle = await viewer.WaitForFunctionAsync("w => window.__seen[w]", want, new() { Timeout = 30_000 });
                    seen.Add(await handle.JsonValueAsync<double>());
                }

                if (i >= WarmUps)
                {
                    samples.Add(seen.Max() - clickedAt);
                }

                await Task.Delay(100);
            }

            if (errors.Count > 0)
            {
                throw new InvalidOperationException("page errors: " + string.Join("; ", errors));
            }

            var value = Stats.Percentile(samples, 99);
            var open = Stats.Percentile(opens, 50);
            return
            [
                new Figure("live-browser-10-p99", value, "ms", null,
                    $"{Goal.AtMost(value, 250)}; a reply clicked in one Chromium tab until it is in the DOM of all {Viewers} others (Date.now in each tab, MutationObserver); " +
                    $"p50 {Stats.Percentile(samples, 50):0} ms, max {samples.Max():0}; n={samples.Count}; 20-annotation document; app and Chromium on the same 2 cores"),
                new Figure("open-2000-browser", open, "ms", null,
                    $"{Goal.AtMost(open, 1000)}; navigation to data-interactive='true' with all 2,000 highlights in the text and the first window of cards (the list is windowed), {opens.Count} open after one warm-up open; the server renders the page twice (prerender, then the circuit); in the tab, ms after navigation start: {phases}"),
            ];
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task<IPage> NewPageAsync(IBrowserContext context, List<string> errors)
    {
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => errors.Add(error);
        page.Dialog += (_, dialog) => errors.Add("dialog: " + dialog.Message);
        return page;
    }

    private static async Task<string> CreateDocumentAsync(HttpClient http, string workspaceId, string title, int annotations)
    {
        var text = Workload.Article(9000, seed: annotations);
        using var created = await http.PostAsJsonAsync($"api/v1/workspaces/{workspaceId}/documents", new { title, content = text, format = "text" });
        var body = await created.Content.ReadAsStringAsync();
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create document: {(int)created.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        var documentId = json.RootElement.GetProperty("id").GetString()!;
        var length = json.RootElement.GetProperty("text").GetString()!.Length;
        string[] kinds = ["claim", "comment", "question"];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, annotations).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var start = (int)((long)i * (length - 80) / annotations);
                using var response = await http.PostAsJsonAsync($"api/v1/documents/{documentId}/annotations", new
                {
                    id = $"live-{i}",
                    kind = kinds[i % 3],
                    target = new { start, end = start + 12 + (i * 7 % 45) },
                    body = $"Note {i}: check this against the *release*.",
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
        }));
        return documentId;
    }

    /// <summary>An admin command through the running app's gateway (its port is not the default one).</summary>
    private static async Task<string> AdminAsync(AppHost app, params string[] args)
    {
        var (exitCode, stdout, stderr) = await app.RunAdminAsync(args);
        return exitCode == 0 ? stdout : throw new InvalidOperationException($"admin {string.Join(' ', args)}: {stderr}");
    }
}
