using System.Diagnostics;
using AnnotateHub.Storage;

namespace AnnotateHub.Web.Diagnostics;

/// <summary>
/// Times every call to the event store (<c>annotatehub.store.duration</c>) and passes it on. It does not own the store:
/// disposing it leaves the inner store to the container that made it.
/// </summary>
public sealed class InstrumentedEventStore(IEventStore inner) : IEventStore
{
    public Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default) =>
        TimeAsync("append", () => inner.AppendAsync(streamId, expectedVersion, events, cancellationToken));

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion = 0, long? toVersion = null, CancellationToken cancellationToken = default) =>
        TimeAsync("read", () => inner.ReadAsync(streamId, afterVersion, toVersion, cancellationToken));

    public Task<long> GetVersionAsync(string streamId, CancellationToken cancellationToken = default) =>
        TimeAsync("version", () => inner.GetVersionAsync(streamId, cancellationToken));

    public Task SaveSnapshotAsync(string streamId, Snapshot snapshot, CancellationToken cancellationToken = default) =>
        TimeAsync("save_snapshot", async () =>
        {
            await inner.SaveSnapshotAsync(streamId, snapshot, cancellationToken);
            return true;
        });

    public Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion = null, CancellationToken cancellationToken = default) =>
        TimeAsync("load_snapshot", () => inner.LoadSnapshotAsync(streamId, atOrBeforeVersion, cancellationToken));

    public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default) =>
        TimeAsync("list_streams", () => inner.ListStreamsAsync(prefix, cancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            var result = await call();
            ok = true;
            return result;
        }
        finally
        {
            WebMetrics.RecordStore(operation, started, ok);
        }
    }
}
