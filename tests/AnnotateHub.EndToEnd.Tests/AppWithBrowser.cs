using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// One app on a fresh demo workspace and one Chromium, shared by a test class whose tests each work on their own
/// passages and pages (each test opens its own browser context).
/// </summary>
public sealed class AppWithBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public AppHost App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await AppHost.StartAsync();
        (_playwright, Browser) = await AnnotateHub.EndToEnd.Tests.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await (Browser?.DisposeAsync() ?? ValueTask.CompletedTask);
        _playwright?.Dispose();
        await (App?.DisposeAsync() ?? ValueTask.CompletedTask);
    }
}
