using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// Workspace webhooks on the settings page, in a real browser against the real app (private addresses allowed) and a
/// receiver on 127.0.0.1: an admin adds one, sees its secret once, and sees a delivery in the log.
/// </summary>
public sealed class WebhookSettingsTests : IAsyncLifetime
{
    private const string Document = "documents/alder-river-interview";
    private const string Interactive = ".workspace-page[data-section='settings'][data-interactive='true']";

    private AppHost? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Receiver? _receiver;
    private readonly List<string> _pageErrors = [];

    public async Task InitializeAsync()
    {
        _receiver = Receiver.Start();
        _app = await AppHost.StartAsync(new Dictionary<string, string> { ["Webhooks:AllowPrivateAddresses"] = "true" });
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

        _receiver?.Dispose();
    }

    [Fact]
    public async Task GivenTheSettingsPage_WhenTheAdminAddsAWebhookAndAModeratorRules_ThenTheSecretShowsOnceAndTheLogShowsTheDelivery()
    {
        var admin = await SignInAsync("admin@demo.annotatehub.test", "workspaces/demo/settings", Interactive);
        var address = admin.GetByLabel("Address to send events to");

        await address.FillAsync("ftp://files.example/hook");
        await admin.Locator("[data-webhook-add]").ClickAsync();
        await Assertions.Expect(admin.Locator("#webhook-url-error")).ToContainTextAsync("not an http or https address");

        await address.FillAsync(_receiver!.Url);
        await admin.Locator("[data-webhook-add]").ClickAsync();
        var secret = admin.Locator("[data-webhook-secret]");
        await Assertions.Expect(secret).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        await Assertions.Expect(admin.Locator("[data-webhook-list] tr[data-webhook-id]")).ToContainTextAsync(_receiver.Url);

        var ines = await SignInAsync("ines@demo.annotatehub.test", Document, ".document-page[data-interactive='true']");
        var card = ines.Locator(".card[data-annotation-id='cleaner']");
        await card.Locator("[data-ruling-verdict]").SelectOptionAsync(new SelectOptionValue { Label = "Mixed" });
        await card.Locator("[data-ruling-rationale]").FillAsync("Cleaner for industrial pollutants, not for nitrates or bacteria.");
        await card.Locator("[data-resolve]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-status]")).ToHaveTextAsync("resolved");

        var delivered = admin.Locator("[data-webhook-log] tr[data-webhook-attempt='delivered']");
        await Assertions.Expect(delivered).ToContainTextAsync("claim.resolved", new() { Timeout = 20_000 }); // the log refreshes itself
        await Assertions.Expect(delivered).ToContainTextAsync("HTTP 200");
        Assert.Contains(_receiver.Events, e => e == "claim.resolved");

        await admin.ReloadAsync();
        await admin.WaitForSelectorAsync(Interactive, new() { Timeout = 20_000 });
        await Assertions.Expect(admin.Locator("[data-webhook-secret]")).ToHaveCountAsync(0); // shown once
        Directory.CreateDirectory(ArtifactsFolder());
        await admin.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "webhooks.png"), FullPage = true });
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

    private static string ArtifactsFolder() => Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>A webhook receiver on 127.0.0.1 that answers 200 and records the event types it got.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener;

        private Receiver(HttpListener listener, string url)
        {
            _listener = listener;
            Url = url;
        }

        public string Url { get; }

        public ConcurrentQueue<string> Events { get; } = new();

        public static Receiver Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            var receiver = new Receiver(listener, $"http://127.0.0.1:{port}/desk-chat");
            _ = Task.Run(receiver.ServeAsync);
            return receiver;
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Events.Enqueue(context.Request.Headers["X-AnnotateHub-Event"] ?? string.Empty);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }
}
