using Microsoft.Playwright;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>Debian Chromium driven by Playwright (never a downloaded browser: that cannot be fetched here).</summary>
public static class Browser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (string.IsNullOrEmpty(executable))
        {
            executable = "/usr/bin/chromium";
        }

        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}; run the tests through tests/run.sh, which installs it.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        return (playwright, browser);
    }
}
