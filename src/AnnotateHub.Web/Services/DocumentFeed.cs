using AnnotateHub.Grains;
using AnnotateHub.Runtime;

namespace AnnotateHub.Web.Services;

/// <summary>
/// One browser tab's live subscription to one document. Renews itself before the grain's subscription lapses and
/// unsubscribes on dispose. Changes arrive on the grain runtime's observer queue; the component marshals them to
/// its renderer.
/// </summary>
public sealed partial class DocumentFeed(IGrainFactory grains, ILogger<DocumentFeed> logger) : IDocumentObserver, IAsyncDisposable
{
    private static readonly TimeSpan RenewEvery = DocumentGrain.SubscriptionLifetime / 3;

    private IDocumentGrain? _grain;
    private IDocumentObserver? _reference;
    private Func<DocumentChange, Task>? _onChange;
    private CancellationTokenSource? _renewal;

    public async Task StartAsync(string documentId, Func<DocumentChange, Task> onChange)
    {
        await StopAsync();
        _onChange = onChange;
        _grain = grains.GetGrain<IDocumentGrain>(documentId);
        _reference = grains.CreateObjectReference<IDocumentObserver>(this);
        await _grain.SubscribeAsync(_reference);
        _renewal = new CancellationTokenSource();
        _ = RenewAsync(_grain, _reference, _renewal.Token);
    }

    public Task OnDocumentChangedAsync(DocumentChange change) => _onChange?.Invoke(change) ?? Task.CompletedTask;

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
