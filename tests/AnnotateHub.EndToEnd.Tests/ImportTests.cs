using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// Importing from a file and from a URL in the workspace page, in Chromium against the real app. The app runs with
/// <c>Import:AllowPrivateAddresses=true</c> (so it may fetch from the test's own server on 127.0.0.1) and a 64 KB
/// <c>Import:MaxBytes</c>; the tests share it and run one after another, each counting documents before and after.
/// </summary>
public sealed class ImportTests : IClassFixture<ImportTests.Fixture>, IAsyncLifetime
{
    /// <summary>The import size limit the app runs with (small, so "too large" needs little data).</summary>
    public const int MaxBytes = 64 * 1024;

    private const string Maya = "maya@demo.annotatehub.test";

    private readonly Fixture _fixture;
    private readonly ImportPage _import;

    public ImportTests(Fixture fixture)
    {
        _fixture = fixture;
        _import = new ImportPage(() => fixture.App, () => fixture.Browser);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _import.DisposeAsync().AsTask();

    [Fact]
    public async Task GivenAnHtmlFile_WhenUploaded_ThenThePreviewShowsItsCleanTextAndTitleAndCreateOpensTheDocument()
    {
        var page = await _import.SignedInAsync(Maya);
        await _import.OpenWorkspaceAsync(page);
        var before = await ImportPage.DocumentCountAsync(page);

        // record every value the upload's progress bar takes while the file streams in (two or more chunks); old values
        // too, as render batches that arrive together are applied in one task
        await page.EvaluateAsync("""
            () => {
              window.__progress = [];
              new MutationObserver(records => {
                for (const r of records) {
                  if (r.type === 'attributes' && r.target.id === 'import-file-progress') {
                    window.__progress.push(Number(r.oldValue), Number(r.target.getAttribute('aria-valuenow')));
                  }
                }
              }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'], attributeOldValue: true });
            }
            """);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Upload a file" }).ClickAsync();
        await ImportPage.ChooseFileAsync(page, new FilePayload
        {
            Name = "ferry-fares.html",
            MimeType = "text/html",
            Buffer = Encoding.UTF8.GetBytes(LocalSite.HostileArticle(paddingParagraphs: 500)),
        });

        var preview = page.Locator("form.import-preview");
        await Assertions.Expect(preview).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#import-preview-heading")).ToBeFocusedAsync();
        var text = await page.GetByLabel("Text to import").InputValueAsync();
        Assert.StartsWith("Ferry fares\n\nThe mayor said fares fell 10\u00A0% — \"the lowest\" since 2010.\n\nCritics disagreed.\n\nOne\nTwo", text, StringComparison.Ordinal);
        Assert.Contains("<script>alert(2)</script>", text, StringComparison.Ordinal);
        foreach (var gone in new[] { "alert(1)", "alert('head')", "color: red", "STYLE", "&amp;", "&mdash;", "<p>", "<li>" })
        {
            Assert.DoesNotContain(gone, text, StringComparison.Ordinal);
        }

        await Assertions.Expect(preview.Locator(".detected-title")).ToHaveTextAsync("Harbour & ferry <claims>");
        await Assertions.Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync("Harbour & ferry <claims>");
        await Assertions.Expect(preview.Locator(".char-count")).ToHaveTextAsync($"{text.EnumerateRunes().Count().ToString("N0", CultureInfo.InvariantCulture)} characters");
        await Assertions.Expect(preview.Locator(".origin")).ToContainTextAsync("ferry-fares.html (HTML file,");
        var progress = await page.EvaluateAsync<int[]>("() => window.__progress");
        Assert.Contains(progress, p => p is > 0 and < 100);
        await ImportPage.ScreenshotAsync(page, "import-file-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create document" }).ClickAsync();
        await ImportPage.WaitForDocumentAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Harbour & ferry <claims>", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".doc-text")).ToContainTextAsync("The mayor said fares fell 10\u00A0% — \"the lowest\" since 2010.");
        await Assertions.Expect(page.Locator(".doc-text")).ToContainTextAsync("<script>alert(2)</script>");

        await _import.OpenWorkspaceAsync(page);
        Assert.Equal(before + 1, await ImportPage.DocumentCountAsync(page));
        _import.AssertNoPageErrorsOrDialogs();
    }

    [Fact]
    public async Task GivenPastedTextWhoseFirstLineIsAHeadline_WhenPreviewed_ThenThatLineIsTheTitle()
    {
        var page = await _import.SignedInAsync(Maya);
        await _import.OpenWorkspaceAsync(page);
        const string Headline = "Riverton budget: what the council said";

        await page.GetByLabel("Text", new() { Exact = true }).FillAsync(Headline + "\n\nThe council met on Tuesday. It passed the budget.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview text" }).ClickAsync();

        var preview = page.Locator("form.import-preview");
        await Assertions.Expect(preview.Locator(".detected-title")).ToHaveTextAsync(Headline);
        await Assertions.Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(Headline);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create document" }).ClickAsync();
        await ImportPage.WaitForDocumentAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = Headline, Level = 1 })).ToBeVisibleAsync();
        _import.AssertNoPageErrorsOrDialogs();
    }

    [Fact]
    public async Task GivenFilesThatCannotBeImported_WhenChosen_ThenTheFieldSaysWhyAndNothingIsCreatedAndBackReturnsToTheField()
    {
        var page = await _import.SignedInAsync(Maya);
        await _import.OpenWorkspaceAsync(page);
        var before = await ImportPage.DocumentCountAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Upload a file" }).ClickAsync();
        var error = page.Locator(".field:has([data-import-file]) #import-file-error");

        await ImportPage.ChooseFileAsync(page, new FilePayload { Name = "report.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.7 ...") });
        await Assertions.Expect(error).ToContainTextAsync("\"report.pdf\" cannot be imported: choose a .txt, .md (Markdown) or .html file.");
        await Assertions.Expect(page.Locator("input[data-import-file]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("[data-choose-file]")).ToHaveAttributeAsync("aria-describedby", "import-file-hint import-file-error");

        await ImportPage.ChooseFileAsync(page, new FilePayload { Name = "minutes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(new string('x', MaxBytes + 1)) });
        await Assertions.Expect(error).ToContainTextAsync("\"minutes.txt\" is 65,537 bytes; files up to 65,536 bytes can be imported.");
        await ImportPage.ScreenshotAsync(page, "import-file-too-large");

        await ImportPage.ChooseFileAsync(page, new FilePayload { Name = "photo.txt", MimeType = "text/plain", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x0D, 0x0A] });
        await Assertions.Expect(error).ToContainTextAsync("\"photo.txt\" is not a text file");
        await Assertions.Expect(page.Locator("section.import")).ToHaveAttributeAsync("data-import-step", "source");

        // a good Markdown file clears the error; "Back" from its preview creates nothing and returns to the file field
        await ImportPage.ChooseFileAsync(page, new FilePayload { Name = "notes.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("# Budget notes\n\nThe **deficit** is <script>alert(1)</script> 3%.\n") });
        await Assertions.Expect(page.GetByLabel("Text to import")).ToHaveValueAsync("Budget notes\n\nThe deficit is 3%.");
        await Assertions.Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync("Budget notes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await Assertions.Expect(page.Locator("section.import")).ToHaveAttributeAsync("data-import-step", "source");
        await Assertions.Expect(page.Locator("[data-choose-file]")).ToBeFocusedAsync();
        await Assertions.Expect(error).ToHaveCountAsync(0);

        await _import.OpenWorkspaceAsync(page);
        Assert.Equal(before, await ImportPage.DocumentCountAsync(page));
        _import.AssertNoPageErrorsOrDialogs();
    }

    [Fact]
    public async Task GivenAPageOnALocalServer_WhenFetchedByKeyboard_ThenCancelAndErrorsChangeNothingAndTheConfirmedPageIsCreated()
    {
        var page = await _import.SignedInAsync(Maya);
        await _import.OpenWorkspaceAsync(page);
        var before = await ImportPage.DocumentCountAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Fetch a web page" }).ClickAsync();
        var address = page.GetByLabel("Web address");
        var error = page.Locator(".field:has(#import-url) #import-url-error");

        // a page that never answers: a progress indicator and a Cancel button, and cancelling imports nothing
        await address.FillAsync(_fixture.Site.Url("/slow"));
        await address.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".import-url .working")).ToContainTextAsync("Fetching…");
        await Assertions.Expect(page.Locator(".import-url [role='progressbar']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.Locator(".import-status")).ToHaveTextAsync("Fetching cancelled; nothing was imported.");
        await Assertions.Expect(page.Locator(".import-url [role='progressbar']")).ToHaveCountAsync(0);

        // a missing page: the message sits next to the field and says what to do
        await address.FillAsync(_fixture.Site.Url("/gone.html"));
        await address.PressAsync("Enter");
        await Assertions.Expect(error).ToContainTextAsync("answered 404 Not Found. Check the address");
        await Assertions.Expect(address).ToHaveAttributeAsync("aria-invalid", "true");

        // the article, through a redirect, by keyboard: Enter fetches, the preview takes focus, Enter in the title creates
        await address.FillAsync(_fixture.Site.Url("/latest"));
        await address.PressAsync("Enter");
        var preview = page.Locator("form.import-preview");
        await Assertions.Expect(preview).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#import-preview-heading")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Text to import")).ToHaveValueAsync(new Regex("^Ferry fares\n\nThe mayor said"));
        await Assertions.Expect(preview.Locator(".origin")).ToHaveTextAsync($"{_fixture.Site.Url("/ferry.html")} (text/html, after 1 redirect)");
        await Assertions.Expect(page.GetByLabel("Source URL (optional)")).ToHaveValueAsync(_fixture.Site.Url("/ferry.html"));
        await ImportPage.ScreenshotAsync(page, "import-url-preview");

        await page.Keyboard.PressAsync("Tab");
        var title = page.GetByLabel("Title", new() { Exact = true });
        await Assertions.Expect(title).ToBeFocusedAsync();
        await Assertions.Expect(title).ToHaveValueAsync("Harbour & ferry <claims>");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Ferry fares (web)");
        await page.Keyboard.PressAsync("Enter");

        await ImportPage.WaitForDocumentAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ferry fares (web)", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".doc-text")).ToContainTextAsync("Critics disagreed.");
        await _import.OpenWorkspaceAsync(page);
        Assert.Equal(before + 1, await ImportPage.DocumentCountAsync(page));
        _import.AssertNoPageErrorsOrDialogs();
    }

    /// <summary>The app (private addresses allowed, 64 KB limit), the local site it fetches from, and Chromium.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public AppHost App { get; private set; } = null!;

        public LocalSite Site { get; private set; } = null!;

        public IBrowser Browser { get; private set; } = null!;

        private IPlaywright? _playwright;

        public async Task InitializeAsync()
        {
            Site = LocalSite.Start();
            App = await AppHost.StartAsync(new Dictionary<string, string>
            {
                ["Import:AllowPrivateAddresses"] = "true",
                ["Import:MaxBytes"] = MaxBytes.ToString(CultureInfo.InvariantCulture),
            });
            (_playwright, Browser) = await AnnotateHub.EndToEnd.Tests.Browser.LaunchAsync();
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            _playwright?.Dispose();
            if (App is not null)
            {
                await App.DisposeAsync();
            }

            Site?.Dispose();
        }
    }
}

/// <summary>URL import with the default setting: loopback and private addresses are refused before anything is fetched.</summary>
public sealed class StrictImportTests : IAsyncLifetime
{
    private AppHost? _app;
    private LocalSite? _site;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ImportPage _import = null!;

    public async Task InitializeAsync()
    {
        _site = LocalSite.Start();
        _app = await AppHost.StartAsync();
        (_playwright, _browser) = await Browser.LaunchAsync();
        _import = new ImportPage(() => _app, () => _browser);
    }

    public async Task DisposeAsync()
    {
        await _import.DisposeAsync();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _site?.Dispose();
    }

    [Fact]
    public async Task GivenTheDefaultSetting_WhenALoopbackAddressIsFetched_ThenItIsRefusedWithWhatToDoAndNothingIsFetchedOrCreated()
    {
        var page = await _import.SignedInAsync("ines@demo.annotatehub.test");
        await _import.OpenWorkspaceAsync(page);
        var before = await ImportPage.DocumentCountAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Fetch a web page" }).ClickAsync();
        await page.GetByLabel("Web address").FillAsync(_site!.Url("/ferry.html"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Fetch page" }).ClickAsync();

        var error = page.Locator(".field:has(#import-url) #import-url-error");
        await Assertions.Expect(error).ToContainTextAsync("127.0.0.1 is a loopback address, which this server does not fetch from");
        await Assertions.Expect(error).ToContainTextAsync("save the page and upload it as a file");
        await Assertions.Expect(error).ToContainTextAsync("Import:AllowPrivateAddresses");
        await Assertions.Expect(page.Locator("#import-url")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("section.import")).ToHaveAttributeAsync("data-import-step", "source");
        await ImportPage.ScreenshotAsync(page, "import-url-refused");
        Assert.Equal(0, _site.Hits);

        await _import.OpenWorkspaceAsync(page);
        Assert.Equal(before, await ImportPage.DocumentCountAsync(page));
        _import.AssertNoPageErrorsOrDialogs();
    }
}

/// <summary>Signed-in pages on the workspace, with every page error, console error and dialog recorded (any fails the test).</summary>
internal sealed class ImportPage(Func<AppHost?> app, Func<IBrowser?> browser) : IAsyncDisposable
{
    /// <summary>Chooses a file in the import form once its file input is wired (the input is new after each choice).</summary>
    public static async Task ChooseFileAsync(IPage page, FilePayload file)
    {
        var input = page.Locator("input[type='file'][data-import-file][data-ready='true']");
        await Assertions.Expect(input).ToHaveCountAsync(1);
        await input.SetInputFilesAsync(file);
    }

    private readonly List<string> _problems = [];
    private readonly List<IBrowserContext> _contexts = [];

    public async Task<IPage> SignedInAsync(string email)
    {
        var context = await browser()!.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        Browser.RecordProblems(page, Record);

        await page.GotoAsync(new Uri(app()!.BaseAddress, "signin").ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(app()!.DemoPassword(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo newsroom" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Opens the demo workspace's documents and waits until its circuit is live (clicks before that are lost).</summary>
    public async Task OpenWorkspaceAsync(IPage page)
    {
        await page.GotoAsync(new Uri(app()!.BaseAddress, "workspaces/demo").ToString());
        await page.WaitForSelectorAsync(".workspace-page[data-section='documents'][data-interactive='true']", new() { Timeout = 15_000 });
    }

    public static async Task<int> DocumentCountAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#documents-table")).ToBeVisibleAsync();
        return await page.Locator("#documents-table a.doc-link").CountAsync();
    }

    /// <summary>Waits until "Create document" has opened the new document; a timeout says what the import form showed instead.</summary>
    public static async Task WaitForDocumentAsync(IPage page)
    {
        try
        {
            // generous: the whole browser suite shares two cores
            await page.WaitForURLAsync(new Regex("/documents/doc-[A-Za-z0-9]+$"), new() { Timeout = 30_000 });
        }
        catch (TimeoutException e)
        {
            var shown = await page.Locator("section.import .field-error, section.import .mud-input-error, section.import [role='alert'], section.import [role='status']").AllInnerTextsAsync();
            throw new TimeoutException($"The new document did not open within 30 s (still at {page.Url}); the import form shows: [{string.Join(" | ", shown)}]", e);
        }

        await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 30_000 });
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public void AssertNoPageErrorsOrDialogs()
    {
        lock (_problems)
        {
            Assert.True(_problems.Count == 0, "The page reported:\n" + string.Join("\n", _problems));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}

/// <summary>A tiny web server on 127.0.0.1 with pages to import; counts the requests it gets.</summary>
public sealed class LocalSite : IDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _hits;

    private LocalSite(HttpListener listener, Uri baseUri)
    {
        _listener = listener;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public int Hits => Volatile.Read(ref _hits);

    /// <summary>
    /// An article with what must not survive import (a script in the head and body, a style, markup) and what must
    /// (entities, block structure, an escaped "&lt;script&gt;" that is text), padded with paragraphs when asked.
    /// </summary>
    public static string HostileArticle(int paddingParagraphs = 0)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html><html><head><title>Harbour &amp; ferry &lt;claims&gt;</title>
            <style>p { color: red } .x::before { content: "STYLE" }</style><script>alert('head')</script></head>
            <body><h1>Ferry fares</h1>
            <p>The mayor said fares fell 10&nbsp;% &mdash; &quot;the lowest&quot; since 2010.</p>
            <script>alert(1)</script><img src=x onerror=alert(1)>
            <div>Critics disagreed.</div><ul><li>One</li><li>Two</li></ul>
            <pre>&lt;script&gt;alert(2)&lt;/script&gt;</pre>
            """);
        for (var i = 1; i <= paddingParagraphs; i++)
        {
            html.Append("<p>Background paragraph ").Append(i).Append(": ferry timetables, harbour dues and passenger counts.</p>\n");
        }

        return html.Append("</body></html>").ToString();
    }

    public static LocalSite Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var listener = new HttpListener();
        listener.Prefixes.Add(baseUri.ToString());
        listener.Start();
        var site = new LocalSite(listener, baseUri);
        _ = Task.Run(site.ServeAsync);
        return site;
    }

    public string Url(string path) => new Uri(BaseUri, path).ToString();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _hits);
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/ferry.html":
                    await WriteAsync(response, "text/html; charset=utf-8", HostileArticle());
                    break;
                case "/latest":
                    response.StatusCode = 302;
                    response.RedirectLocation = "/ferry.html";
                    response.Close();
                    break;
                case "/slow":
                    // answers only when the test ends: the importer must cancel (or time out) on its own
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                default:
                    response.StatusCode = 404;
                    response.StatusDescription = "Not Found";
                    await WriteAsync(response, "text/plain", "not found");
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // the test ended, or the app hung up (a cancelled fetch)
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
