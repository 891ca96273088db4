using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Storage.Tests.Contract;

namespace AnnotateHub.Storage.Tests.Sqlite;

/// <summary>
/// Holds the store's writer thread inside its next batch (right after BEGIN) until released, so a test can queue
/// requests behind it deterministically. Only the first batch after arming is held.
/// </summary>
internal sealed class WriterGate : IDisposable
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed = 1;

    private WriterGate()
    {
    }

    /// <summary>
    /// Arms the gate and sends a holder append (stream "holder/…"), which the writer takes alone and is held in.
    /// Returns once the writer is held; <see cref="Holder"/> completes after <see cref="Release"/>.
    /// </summary>
    public static async Task<WriterGate> HoldAsync(SqliteEventStore store)
    {
        var gate = new WriterGate();
        store.BatchStarted = gate.OnBatchStarted;
        gate.Holder = store.AppendAsync($"holder/{Guid.NewGuid():N}", 0, [new EventData("Holder", new byte[] { 1 })]);
        await gate._entered.Task.WithTimeout("the writer to start the holder's batch");
        return gate;
    }

    public Task<long> Holder { get; private set; } = Task.FromResult(0L);

    public void Release() => _release.TrySetResult();

    public void Dispose() => _release.TrySetResult();

    private void OnBatchStarted()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _entered.TrySetResult();
            _release.Task.Wait(Timeouts.Default); // never hold the writer forever, even if a test forgets to release it
        }
    }
}

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
