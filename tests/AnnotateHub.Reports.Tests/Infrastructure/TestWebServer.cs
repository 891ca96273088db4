using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnnotateHub.Reports.Tests;

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) serving the pages the URL import tests fetch. Counts requests per path,
/// so a test can prove that a refused address was never contacted.
/// </summary>
public sealed class TestWebServer : IAsyncDisposable
{
    public const int BigBytes = 64 * 1024;

    public const string PageHtml = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>City budget — News</title>
        <meta property="og:title" content="City budget"><script>alert("head")</script><style>p{}</style></head>
        <body><nav>Home</nav><article><h1>City budget</h1><p>The mayor said the budget grew by <b>12%</b> 📈.</p>
        <p>市长说预算增加了。</p><script>alert(1)</script><img src=x onerror=alert(1)></article></body></html>
        """;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private TestWebServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    public int Hits(string path) => _hits.TryGetValue(path, out var n) ? n : 0;

    public int TotalHits => _hits.Values.Sum();

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    public static async Task<TestWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new TestWebServer(app);
        server.Map();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            _hits.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
            await next(context);
        });

        _app.MapGet("/page.html", () => Results.Content(PageHtml, "text/html; charset=utf-8"));
        _app.MapGet("/r/{n:int}", (int n) => n > 0 ? Results.Redirect($"/r/{n - 1}") : Results.Redirect("/page.html"));
        _app.MapGet("/relative", () => Results.Redirect("page.html"));
        _app.MapGet("/to-ftp", () => Results.Redirect("ftp://example.org/file.txt"));
        _app.MapGet("/to-file", () => Results.Redirect("file:///etc/passwd"));
        _app.MapGet("/missing", () => Results.NotFound());
        _app.MapGet("/notes.md", () => Results.Text("# Notes\n\nWaiting times dropped **40%** 🚀.\n\n<script>alert(1)</script>\n", "text/markdown; charset=utf-8"));
        _app.MapGet("/plain.txt", () => Results.Text("Plain text\r\nline two", "text/plain"));
        _app.MapGet("/file.pdf", () => Results.Bytes("%PDF-1.4"u8.ToArray(), "application/pdf"));
        _app.MapGet("/no-type", async context => await context.Response.Body.WriteAsync("hello"u8.ToArray()));
        _app.MapGet("/empty.html", () => Results.Content("<html><body><script>render()</script></body></html>", "text/html"));
        _app.MapGet("/latin1", () => Results.Bytes(Encoding.Latin1.GetBytes("<p>Café crème</p>"), "text/html; charset=iso-8859-1"));
        _app.MapGet("/meta-charset", () => Results.Bytes(
            [.. Encoding.ASCII.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf"), 0xE9, .. Encoding.ASCII.GetBytes(" "), 0x80, .. Encoding.ASCII.GetBytes("</p></body></html>")],
            "text/html"));
        _app.MapGet("/big", async context =>
        {
            // Streamed without a Content-Length: the client must stop reading at its cap.
            context.Response.ContentType = "text/plain";
            var chunk = Encoding.ASCII.GetBytes(new string('x', 4096));
            for (var written = 0; written <= BigBytes * 4 && !context.RequestAborted.IsCancellationRequested; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        _app.MapGet("/big-declared", async context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = BigBytes * 4;
            await context.Response.Body.WriteAsync(new byte[BigBytes * 4], context.RequestAborted);
        });
        _app.MapGet("/slow", async context =>
        {
            // Never answers: waits until the client gives up.
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        _app.MapGet("/slow-body", async context =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.Body.WriteAsync("start "u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }
}
