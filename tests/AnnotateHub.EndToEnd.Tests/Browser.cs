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

    /// <summary>
    /// Records every page error, console error and dialog of <paramref name="page"/> through <paramref name="record"/>
    /// (the tests fail on any); dialogs are dismissed so that the page never hangs on one.
    /// </summary>
    public static IPage RecordProblems(IPage page, Action<string> record)
    {
        page.PageError += (_, error) => record("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                record("console error: " + message.Text);
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            record($"unexpected dialog ({dialog.Type}): {dialog.Message}");
            await dialog.DismissAsync();
        };
        return page;
    }

    /// <summary>
    /// Whether a recorded problem is one the browser logs while the server is down (failed connection attempts);
    /// tests that stop the server remove these and fail on anything else.
    /// </summary>
    public static bool IsExpectedWhileServerIsDown(string problem) =>
        problem.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal)
        || problem.Contains("WebSocket", StringComparison.Ordinal)
        || problem.Contains("Failed to fetch", StringComparison.Ordinal)
        || problem.Contains("Connection disconnected", StringComparison.Ordinal)
        || problem.Contains("Failed to start the connection", StringComparison.Ordinal)
        || problem.Contains("Failed to complete negotiation", StringComparison.Ordinal)
        || problem.Contains("Failed to load resource", StringComparison.Ordinal);

    /// <summary>
    /// Waits until two locators (on two pages, say) show the same text, as a person comparing two screens would: each page
    /// settles on its own render, so reading one and then expecting the other races with the later of the two.
    /// </summary>
    public static async Task ExpectSameTextAsync(ILocator first, ILocator second, string what, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        string a, b;
        do
        {
            a = await first.InnerTextAsync();
            b = await second.InnerTextAsync();
            if (a == b)
            {
                return;
            }

            await first.Page.WaitForTimeoutAsync(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Expected {what} to match within {timeoutMs} ms, but one shows '{a}' and the other '{b}'.");
    }

    /// <summary>Selects the first occurrence of <paramref name="text"/> in the document text, as a mouse drag would.</summary>
    public static async Task SelectTextAsync(IPage page, string text)
    {
        var found = await page.EvaluateAsync<bool>(
            """
            (needle) => {
              const root = document.querySelector('#doc-text');
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              const nodes = []; let all = '';
              while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
              const at = all.indexOf(needle);
              if (at < 0) { return false; }
              const locate = (pos) => { for (let i = nodes.length - 1; i >= 0; i--) { if (nodes[i][1] <= pos) { return [nodes[i][0], pos - nodes[i][1]]; } } };
              const [sn, so] = locate(at); const [en, eo] = locate(at + needle.length);
              const range = document.createRange(); range.setStart(sn, so); range.setEnd(en, eo);
              const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
              return true;
            }
            """,
            text);
        if (!found)
        {
            // shared with the benchmarks, which have no xunit
            throw new InvalidOperationException($"'{text}' is not in the document text");
        }
    }
}
