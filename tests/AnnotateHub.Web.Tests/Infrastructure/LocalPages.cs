using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>A tiny web server on 127.0.0.1 with pages to import; counts requests so a test can prove none was made.</summary>
public sealed class LocalPages : IAsyncDisposable
{
    public const string ArticleHtml = """
        <!DOCTYPE html><html><head><title>Council votes on budget</title><script>alert("head")</script></head>
        <body><h1>Council votes</h1><p>The council approved a <b>12%</b> rise 📈.</p>
        <script>alert(1)</script><img src=x onerror=alert(1)><p>東京 too.</p></body></html>
        """;

    private readonly WebApplication _app;
    private int _hits;

    private LocalPages(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public int Hits => Volatile.Read(ref _hits);

    public string Url(string path) => new Uri(BaseUri, path).ToString();

    public static async Task<LocalPages> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var pages = new LocalPages(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref pages._hits);
            await next(context);
        });
        app.MapGet("/article.html", () => Results.Content(ArticleHtml, "text/html; charset=utf-8"));
        app.MapGet("/moved", () => Results.Redirect("/article.html"));
        app.MapGet("/r/{n:int}", (int n) => Results.Redirect(n > 0 ? $"/r/{n - 1}" : "/article.html"));
        app.MapGet("/file.zip", () => Results.Bytes([0x50, 0x4B, 0x03, 0x04], "application/zip"));
        app.MapGet("/big.txt", () => Results.Text(new string('x', 100_000), "text/plain"));
        await app.StartAsync();
        pages.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return pages;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
