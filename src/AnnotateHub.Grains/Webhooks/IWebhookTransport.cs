namespace AnnotateHub.Grains;

/// <summary>What a receiver answered: its HTTP status, or why there was no answer.</summary>
public sealed record WebhookResponse(int? Status, string? Error)
{
    public bool Delivered => Status is >= 200 and < 300;
}

/// <summary>
/// Sends a delivery: POSTs <c>body</c> as JSON with the given headers and says what came back. Never throws for a failed
/// delivery (a refused address, no answer in time, a connection error): that is an answer with an error. The host
/// provides it (the web app checks every address it connects to against the address policy).
/// </summary>
public interface IWebhookTransport
{
    Task<WebhookResponse> PostAsync(Uri url, byte[] body, IReadOnlyDictionary<string, string> headers, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>The transport of a host that has none configured: every delivery fails, and is retried once one is.</summary>
internal sealed class NoWebhookTransport : IWebhookTransport
{
    public Task<WebhookResponse> PostAsync(Uri url, byte[] body, IReadOnlyDictionary<string, string> headers, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(new WebhookResponse(null, "This server cannot send webhooks."));
}
