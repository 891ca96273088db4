using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AnnotateHub.EndToEnd.Tests;
using AnnotateHub.Web.Seeding;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// public-page-p50: a published claim's page (<c>/c/{slug}</c>) fetched anonymously by 50 concurrent clients from the
/// real app (one node, SQLite, the demo workspace), against the same clients fetching a static file of about the same size
/// (the app's stylesheet, served by ASP.NET Core's static assets) from the same server in the same run. Ratio = page p50 /
/// static p50. Goal: at most 3.
/// </summary>
public static class PublicPageBenchmarks
{
    private const int Clients = 50;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run)
    {
        var data = Path.Combine(run.Folder, "public-app");
        Directory.CreateDirectory(data);
        await using var app = await AppHost.StartAsync(new Dictionary<string, string>
        {
            ["Demo:Seed"] = "true",
            ["Security:ApiRequestsPerMinute"] = "1000000",
            ["Logging:LogLevel:AnnotateHub"] = "Warning",
        }, data);
        var (exitCode, stdout, stderr) = await app.RunAdminAsync("issue-token", "--email", DemoSeeder.Email(DemoSeeder.Admin), "--expires-days", "1");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"issue-token: {stderr}");
        }

        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stdout.Trim().Split('\n')[^1].Trim());
        var path = await PublishAResolvedClaimAsync(api);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients, AutomaticDecompression = DecompressionMethods.None };
        using var anonymous = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        var pageBytes = (await anonymous.GetByteArrayAsync(path)).Length;
        const string StaticPath = "/app.css";
        var staticBytes = (await anonymous.GetByteArrayAsync(StaticPath)).Length;
        run.Log($"public-page: {path} is {pageBytes:N0} bytes; the static file {StaticPath} is {staticBytes:N0} bytes");

        var perClient = run.Pick(200, 40);
        List<double> page = [], file = [];
        for (var round = 0; round < 2; round++)
        {
            // the first round warms both up; the second is measured
            file = await LoadAsync(anonymous, StaticPath, perClient);
            page = await LoadAsync(anonymous, path, perClient);
        }

        var pageP50 = Stats.Percentile(page, 50);
        var fileP50 = Stats.Percentile(file, 50);
        run.Log($"public-page: page p50 {pageP50:0.###} ms p99 {Stats.Percentile(page, 99):0.###} ms; static p50 {fileP50:0.###} ms p99 {Stats.Percentile(file, 99):0.###} ms");
        return
        [
            new Figure("public-page-p50", pageP50, "ms", fileP50,
                $"{Goal.AtMost(pageP50 / fileP50, 3, "ratio")}; {Clients} concurrent anonymous clients x {perClient} requests each; page {pageBytes:N0} bytes, " +
                $"baseline = the static file {StaticPath} ({staticBytes:N0} bytes) from the same server; p99 page {Stats.Percentile(page, 99):0.##} ms, static {Stats.Percentile(file, 99):0.##} ms"),
        ];
    }

    /// <summary>Publishes the demo's first resolved claim; returns the path of its public page.</summary>
    private static async Task<string> PublishAResolvedClaimAsync(HttpClient api)
    {
        var documents = await api.GetFromJsonAsync<JsonElement>($"api/v1/workspaces/{DemoSeeder.WorkspaceId}/documents");
        foreach (var listed in documents.GetProperty("documents").EnumerateArray())
        {
            var id = listed.GetProperty("id").GetString()!;
            var document = await api.GetFromJsonAsync<JsonElement>($"api/v1/documents/{id}");
            foreach (var annotation in document.GetProperty("annotations").EnumerateArray())
            {
                if (annotation.GetProperty("status").GetString() != "resolved")
                {
                    continue;
                }

                using var published = await api.PostAsJsonAsync($"api/v1/documents/{id}/annotations/{annotation.GetProperty("id").GetString()}/publication",
                    new { headline = "What the figures show", summary = "The claim does not match the published figures.\n\nWe asked for comment." });
                var body = await published.Content.ReadFromJsonAsync<JsonElement>();
                return published.StatusCode == HttpStatusCode.Created
                    ? new Uri(body.GetProperty("url").GetString()!).AbsolutePath
                    : throw new InvalidOperationException($"publish: {(int)published.StatusCode} {body}");
            }
        }

        throw new InvalidOperationException("The demo workspace has no resolved claim to publish.");
    }

    /// <summary>Each of <see cref="Clients"/> clients fetches <paramref name="path"/> <paramref name="perClient"/> times in a row; every request's ms.</summary>
    private static async Task<List<double>> LoadAsync(HttpClient http, string path, int perClient)
    {
        var samples = new List<double>[Clients];
        using var start = new ManualResetEventSlim();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var mine = samples[c] = new List<double>(perClient);
            start.Wait();
            for (var i = 0; i < perClient; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                _ = await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(clients);
        return samples.SelectMany(s => s).ToList();
    }
}
