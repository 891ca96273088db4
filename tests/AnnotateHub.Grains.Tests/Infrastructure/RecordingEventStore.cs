using System.Collections.Concurrent;
using AnnotateHub.Storage;

namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// The event store as the grains see it: every call goes to the real store; stream reads are recorded, so a test
/// can tell a replay from the beginning apart from a snapshot plus its tail. Disposing it leaves the store open
/// (the <see cref="GrainHost"/> owns it). An append can be held after the store committed it, before it returns.
/// </summary>
public sealed class RecordingEventStore(IEventStore inner) : IEventStore
{
    private readonly ConcurrentQueue<StreamRead> _reads = new();
    private readonly ConcurrentDictionary<string, AppendHold> _holds = new(StringComparer.Ordinal);

    public IReadOnlyList<StreamRead> Reads => [.. _reads];

    /// <summary>The next append to <paramref name="streamId"/> is committed by the store, then held (not returned to the grain) until released.</summary>
    public AppendHold HoldNextAppend(string streamId)
    {
        var hold = new AppendHold();
        _holds[streamId] = hold;
        return hold;
    }

    public async Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        _holds.TryRemove(streamId, out var hold);
        var version = await inner.AppendAsync(streamId, expectedVersion, events, cancellationToken);
        if (hold is not null)
        {
            await hold.HoldAsync(version);
        }

        return version;
    }

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion = 0, long? toVersion = null, CancellationToken cancellationToken = default)
    {
        _reads.Enqueue(new StreamRead(streamId, afterVersion, toVersion));
        return inner.ReadAsync(streamId, afterVersion, toVersion, cancellationToken);
    }

    public Task<long> GetVersionAsync(string streamId, CancellationToken cancellationToken = default) =>
        inner.GetVersionAsync(streamId, cancellationToken);

    public Task SaveSnapshotAsync(string streamId, Snapshot snapshot, CancellationToken cancellationToken = default) =>
        inner.SaveSnapshotAsync(streamId, snapshot, cancellationToken);

    public Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion = null, CancellationToken cancellationToken = default) =>
        inner.LoadSnapshotAsync(streamId, atOrBeforeVersion, cancellationToken);

    public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListStreamsAsync(prefix, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void ClearReads() => _reads.Clear();
}

/// <summary>One <see cref="IEventStore.ReadAsync"/> call.</summary>
public sealed record StreamRead(string StreamId, long AfterVersion, long? ToVersion);

/// <summary>A barrier between the store committing an append and the append returning to its caller.</summary>
public sealed class AppendHold
{
    private readonly TaskCompletionSource<long> _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the stream's new version once the store has committed the held append.</summary>
    public Task<long> Committed => _committed.Task;

    public void Release() => _released.TrySetResult();

    internal Task HoldAsync(long version)
    {
        _committed.TrySetResult(version);
        return _released.Task;
    }
}
