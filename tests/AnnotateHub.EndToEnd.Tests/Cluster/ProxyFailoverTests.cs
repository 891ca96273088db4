using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnnotateHub.EndToEnd.Tests.Cluster;

/// <summary>
/// The cluster as deploy/local-cluster.sh runs it (two nodes, nginx in front with sticky sessions): a reader's browser
/// goes through the proxy; when the node holding their page dies (kill -9), the page comes back through the proxy on the
/// other node by itself and shows what changed meanwhile. Each node is killed in turn, so the reader's node is among them.
/// </summary>
public sealed class ProxyFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Budget = "riverton-budget-statement";
    private readonly string _dir = Directory.CreateTempSubdirectory("annotatehub-local-cluster-").FullName;
    private Dictionary<string, string> _cluster = [];

    public async Task InitializeAsync()
    {
        var app = Path.Combine(AppHost.RepositoryRoot(), "src", "AnnotateHub.Web", "bin", "Release", "net10.0");
        var (exit, stdout, stderr) = await ScriptAsync("start", "--nodes", "2", "--app", app);
        Assert.True(exit == 0, $"local-cluster.sh start failed ({exit}):\n{stderr}");
        _cluster = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Replace("\\;", ";", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        var (_, _, stderr) = await ScriptAsync("stop");
        output.WriteLine(stderr);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task GivenAReaderBehindTheProxy_WhenTheirNodeIsKilled_ThenThePageComesBackOnTheOtherNodeWithTheChangesMadeMeanwhile()
    {
        var url = new Uri(_cluster["ANNOTATEHUB_CLUSTER_URL"] + "/");
        var password = _cluster["ANNOTATEHUB_CLUSTER_ADMIN_PASSWORD"];
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } })).NewPageAsync();
            await page.GotoAsync(new Uri(url, "signin").ToString());
            await page.GetByLabel("Email").FillAsync(_cluster["ANNOTATEHUB_CLUSTER_ADMIN_EMAIL"]);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(u => !u.Contains("/signin", StringComparison.Ordinal));
            await page.GotoAsync(new Uri(url, $"documents/{Budget}").ToString());
            await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 30_000 });

            var token = (await ScriptAsync("admin", "issue-token", "--email", "maya@demo.annotatehub.test")).Stdout.Trim().Split('\n')[^1];
            foreach (var (victim, survivor) in new[] { (1, 2), (2, 1) })
            {
                Assert.Equal(0, (await ScriptAsync("kill-node", victim.ToString(System.Globalization.CultureInfo.InvariantCulture))).Exit);
                var killed = Stopwatch.StartNew();

                // someone makes a claim through the surviving node meanwhile
                var quote = victim == 1 ? "crime has fallen by half since 2020" : "the lowest unemployment rate in the region";
                var body = $"Made while node {victim} was down.";
                await CreateClaimAsync(new Uri(_cluster[$"ANNOTATEHUB_CLUSTER_NODE{survivor}"] + "/"), token, quote, body);

                // the reader's page shows it: live, or after coming back through the proxy on the survivor
                try
                {
                    await Assertions.Expect(page.Locator(".card", new() { HasText = body })).ToHaveCountAsync(1, new() { Timeout = 60_000 });
                }
                catch (PlaywrightException)
                {
                    var shot = Path.Combine(AppHost.RepositoryRoot(), "artifacts", "screenshots", $"proxy-failover-node{victim}.png");
                    await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
                    output.WriteLine($"screenshot: {shot}; page text: {await page.Locator("body").InnerTextAsync()}");
                    output.WriteLine(File.ReadAllText(Path.Combine(_dir, "nginx", "access.log")));
                    throw;
                }

                await page.WaitForSelectorAsync(".document-page[data-interactive='true']", new() { Timeout = 30_000 });
                output.WriteLine($"node {victim} killed: the page shows the change made meanwhile {killed.Elapsed.TotalSeconds:0.0} s later");

                // and the page still works: a reply through the page arrives
                var card = page.Locator(".card", new() { HasText = body });
                await card.Locator("[data-reply-input]").FillAsync($"Reply after node {victim} died.");
                await card.Locator("[data-reply-send]").ClickAsync();
                await Assertions.Expect(card.Locator("[data-reply-body]", new() { HasText = $"Reply after node {victim} died." })).ToHaveCountAsync(1);

                Assert.Equal(0, (await ScriptAsync("start-node", victim.ToString(System.Globalization.CultureInfo.InvariantCulture))).Exit);
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task CreateClaimAsync(Uri node, string token, string quote, string body)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.PostAsync($"api/v1/documents/{Budget}/annotations",
                new StringContent($$"""{"kind":"claim","target":{"exact":"{{quote}}"},"body":"{{body}}"}""", Encoding.UTF8, "application/json"));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"The surviving node did not take the claim within 30 s: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(250);
        }
    }

    private async Task<(int Exit, string Stdout, string Stderr)> ScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppHost.RepositoryRoot(),
        };
        start.ArgumentList.Add(Path.Combine(AppHost.RepositoryRoot(), "deploy", "local-cluster.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ANNOTATEHUB_CLUSTER_DIR"] = _dir;
        // the nodes run from the build output, not a publish: Development serves the static web assets from the build's
        // manifest (blazor.web.js and the packages' files), as the other browser tests' hosts do
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run deploy/local-cluster.sh.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await stdout, await stderr);
    }
}
