using AnnotateHub.Grains;

namespace AnnotateHub.Web.Services;

/// <summary>
/// One browser tab's live connection to one document: its place in the node's subscription
/// (<see cref="DocumentSubscriptions"/>) and its presence, which it renews before it lapses. Leaves on dispose.
/// Changes arrive off the renderer's thread; the component marshals them.
/// </summary>
public sealed partial class DocumentFeed(IGrainFactory grains, DocumentSubscriptions subscriptions, ILogger<DocumentFeed> logger) : IAsyncDisposable
{
    private IDocumentGrain? _grain;
    private IAsyncDisposable? _membership;
    private CancellationTokenSource? _renewal;
    private PresenceEntry? _presence;

    public async Task StartAsync(string documentId, Func<DocumentChange, Task> onChange, Func<IReadOnlyList<PresenceEntry>, Task>? onPresence = null)
    {
        await StopAsync();
        _grain = grains.GetGrain<IDocumentGrain>(documentId);
        _membership = await subscriptions.SubscribeAsync(documentId, onChange, onPresence);
        _renewal = new CancellationTokenSource();
        _ = RenewPresenceAsync(_grain, _renewal.Token);
    }

    /// <summary>Announces this tab on the document (who is here).</summary>
    public async Task JoinAsync(PresenceEntry entry)
    {
        _presence = entry;
        if (_grain is not null)
        {
            await _grain.JoinAsync(entry);
        }
    }

    /// <summary>Tells the others which annotation this tab has open.</summary>
    public async Task FocusAsync(string sessionId, string? annotationId)
    {
        if (_presence is not null)
        {
            _presence = _presence with { AnnotationId = annotationId };
        }

        if (_grain is not null && !await _grain.FocusAsync(sessionId, annotationId) && _presence is not null)
        {
            await _grain.JoinAsync(_presence); // the grain forgot this tab (it restarted or moved): join again
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (_renewal is not null)
        {
            await _renewal.CancelAsync();
            _renewal.Dispose();
            _renewal = null;
        }

        if (_grain is not null && _presence is not null)
        {
            try
            {
                await _grain.LeaveAsync(_presence.SessionId);
            }
            catch (Exception exception)
            {
                LogLeaveFailed(exception);
            }
        }

        if (_membership is not null)
        {
            await _membership.DisposeAsync();
        }

        _membership = null;
        _grain = null;
        _presence = null;
    }

    private async Task RenewPresenceAsync(IDocumentGrain grain, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(DocumentSubscription.RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (_presence is { } presence)
                    {
                        await grain.JoinAsync(presence);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogRenewFailed(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew a tab's presence on a document; retrying at the next tick.")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not leave a document.")]
    private partial void LogLeaveFailed(Exception exception);
}
