using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Runtime;

/// <summary>
/// Runs idle collection every <see cref="GrainCollectionOptions.CollectionQuantum"/> (on the runtime's clock)
/// and, when the host stops, deactivates every activation, waiting for their OnDeactivateAsync.
/// </summary>
internal sealed class GrainRuntimeHostedService(IServiceProvider services, IOptions<GrainCollectionOptions> options) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _collector;
    private GrainRuntime? _runtime;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var runtime = _runtime = services.GetRequiredService<GrainRuntime>();
        _collector = CollectAsync(runtime, options.Value.CollectionQuantum, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_collector is not null)
        {
            await _collector.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // the runtime resolved at start: a host torn down in a hurry (a test server's disposal) may already have
        // disposed its service container, and looking the runtime up again would throw
        if (_runtime is not null)
        {
            await _runtime.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private static async Task CollectAsync(GrainRuntime runtime, TimeSpan quantum, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(quantum, runtime.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await runtime.CollectIdleActivationsAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    runtime.Log.CollectionFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
