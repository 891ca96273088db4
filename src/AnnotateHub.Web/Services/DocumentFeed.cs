using AnnotateHub.Grains;
using AnnotateHub.Runtime;

namespace AnnotateHub.Web.Services;

/// <summary>
/// One browser tab's live connection to one document: its change subscription and its presence. Renews both before
/// they lapse, and leaves and unsubscribes on dispose. Changes arrive on the grain runtime's observer queue; the
/// component marshals them to its renderer.
/// </summary>
public sealed partial class DocumentFeed(IGrainFactory grains, ILogger<DocumentFeed> logger) : IDocumentObserver, IAsyncDisposable
{
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    private IDocumentGrain? _grain;
    private IDocumentObserver? _reference;
    private Func<DocumentChange, Task>? _onChange;
    private Func<IReadOnlyList<PresenceEntry>, Task>? _onPresence;
    private CancellationTokenSource? _renewal;
    private PresenceEntry? _presence;

    public async Task StartAsync(string documentId, Func<DocumentChange, Task> onChange, Func<IReadOnlyList<PresenceEntry>, Task>? onPresence = null)
    {
        await StopAsync();
        _onChange = onChange;
        _onPresence = onPresence;
        _grain = grains.GetGrain<IDocumentGrain>(documentId);
        _reference = grains.CreateObjectReference<IDocumentObserver>(this);
        await _grain.SubscribeAsync(_reference);
        _renewal = new CancellationTokenSource();
        _ = RenewAsync(_grain, _reference, _renewal.Token);
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

        if (_grain is not null)
        {
            await _grain.FocusAsync(sessionId, annotationId);
        }
    }

    public Task OnDocumentChangedAsync(DocumentChange change) => _onChange?.Invoke(change) ?? Task.CompletedTask;

    public Task OnPresenceChangedAsync(IReadOnlyList<PresenceEntry> present) => _onPresence?.Invoke(present) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (_renewal is not null)
        {
            await _renewal.CancelAsync();
            _renewal.Dispose();
            _renewal = null;
        }

        if (_grain is not null && _reference is not null)
        {
            try
            {
                if (_presence is not null)
                {
                    await _grain.LeaveAsync(_presence.SessionId);
                }

                await _grain.UnsubscribeAsync(_reference);
            }
            catch (Exception exception)
            {
                LogUnsubscribeFailed(exception);
            }

            grains.DeleteObjectReference<IDocumentObserver>(this);
        }

        _grain = null;
        _reference = null;
        _presence = null;
    }

    private async Task RenewAsync(IDocumentGrain grain, IDocumentObserver reference, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await grain.SubscribeAsync(reference);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew a document subscription; retrying at the next tick.")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unsubscribe from a document.")]
    private partial void LogUnsubscribeFailed(Exception exception);
}
