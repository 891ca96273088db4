using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Hosting;

public static class WebhookRegistration
{
    /// <summary>
    /// Adds workspace webhooks: the options (<c>Webhooks:*</c>, see <see cref="WebhookOptions"/>), the HTTP transport the
    /// grains deliver through, the service the settings page and the API use, and the service that wakes owed deliveries
    /// after a restart. Call after the silo.
    /// </summary>
    public static IServiceCollection AddAnnotateHubWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookAddresses>();
        services.AddSingleton<IWebhookTransport, HttpWebhookTransport>();
        services.AddScoped<WebhookService>();
        services.AddHostedService<WebhookWakeService>();
        return services;
    }
}

/// <summary>
/// POSTs deliveries. Redirects are not followed (a 3xx is a failed attempt) and no proxy is used; each connection goes to
/// an address <see cref="WebhookAddresses"/> allowed at that moment.
/// </summary>
public sealed class HttpWebhookTransport : IWebhookTransport, IDisposable
{
    private readonly WebhookAddresses _addresses;
    private readonly HttpClient _client;

    public HttpWebhookTransport(WebhookAddresses addresses)
    {
        _addresses = addresses;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<WebhookResponse> PostAsync(Uri url, byte[] body, IReadOnlyDictionary<string, string> headers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("AnnotateHub-Webhooks/1.0");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            return new WebhookResponse((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, $"No answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                if (inner is DomainException refused)
                {
                    return new WebhookResponse(null, refused.Error.Message);
                }
            }

            return new WebhookResponse(null, e.InnerException?.Message ?? e.Message);
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var allowed = await _addresses.CheckAsync(context.DnsEndPoint.Host, cancellationToken);
        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"Could not connect to \"{context.DnsEndPoint.Host}\" ({last?.Message}).", last);
    }
}

/// <summary>
/// Wakes the webhooks that owe deliveries once the silo is up and then every <c>Webhooks:WakeEvery</c> (default 5 minutes):
/// Orleans timers do not outlive an activation, so after a restart nothing else would resume them.
/// </summary>
internal sealed partial class WebhookWakeService(IGrainFactory grains, IConfiguration configuration, TimeProvider time, ILogger<WebhookWakeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue("Webhooks:WakeEvery", TimeSpan.FromMinutes(5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.Key).WakeAllAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWakeFailed(exception);
            }

            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the webhooks that owe deliveries; trying again later.")]
    private partial void LogWakeFailed(Exception exception);
}
