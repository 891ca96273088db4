using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>A POST the receiver got: its path, signature and event headers, and the exact body bytes.</summary>
public sealed record ReceivedHook(string Path, string? Signature, string? Event, string? Attempt, byte[] Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>
/// A webhook receiver on 127.0.0.1: records every POST. Paths under /ok answer 200; paths under /flaky answer 500 to
/// their first request and 200 after.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseUri, path).ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{kind}/{name}", async (string kind, string name, HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var path = $"/{kind}/{name}";
            var hits = receiver._hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            receiver._received.Enqueue(new ReceivedHook(
                path, http.Request.Headers["X-AnnotateHub-Signature"], http.Request.Headers["X-AnnotateHub-Event"], http.Request.Headers["X-AnnotateHub-Attempt"], body.ToArray()));
            Interlocked.Exchange(ref receiver._arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return kind == "flaky" && hits == 1 ? Results.StatusCode(500) : Results.Ok();
        });
        await app.StartAsync();
        receiver.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return receiver;
    }

    /// <summary>What arrived at <paramref name="path"/>, once at least <paramref name="count"/> requests have.</summary>
    public async Task<IReadOnlyList<ReceivedHook>> WaitForAsync(string path, int count, string awaited)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var arrived = _arrived.Task;
            var received = _received.Where(r => r.Path == path).ToArray();
            if (received.Length >= count)
            {
                return received;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Timed out waiting for {awaited}: {received.Length} of {count} requests arrived at {path}.");
            }

            try
            {
                await arrived.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // The loop reports what was awaited.
            }
        }
    }

    /// <summary>What arrived at <paramref name="path"/> so far.</summary>
    public Task<IReadOnlyList<ReceivedHook>> ReceivedAsync(string path) =>
        Task.FromResult<IReadOnlyList<ReceivedHook>>(_received.Where(r => r.Path == path).ToArray());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
