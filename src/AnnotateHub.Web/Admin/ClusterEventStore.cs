using AnnotateHub.Grains;
using AnnotateHub.Storage;

namespace AnnotateHub.Web.Admin;

/// <summary>
/// The event store as an Orleans client sees it: reads go to a running server's store through
/// <see cref="IStoreReaderGrain"/>; writes are refused, since every write goes through a grain.
/// </summary>
public sealed class ClusterEventStore(IGrainFactory grains) : IEventStore
{
    private IStoreReaderGrain Reader => grains.GetGrain<IStoreReaderGrain>(0);

    public Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("An Orleans client writes through the grains, never to the event store directly.");

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion = 0, long? toVersion = null, CancellationToken cancellationToken = default) =>
        Reader.ReadAsync(streamId, afterVersion, toVersion).WaitAsync(cancellationToken);

    public Task<long> GetVersionAsync(string streamId, CancellationToken cancellationToken = default) =>
        Reader.GetVersionAsync(streamId).WaitAsync(cancellationToken);

    public Task SaveSnapshotAsync(string streamId, Snapshot snapshot, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("An Orleans client does not write snapshots; the document grains do.");

    public Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion = null, CancellationToken cancellationToken = default) =>
        Reader.LoadSnapshotAsync(streamId, atOrBeforeVersion).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default) =>
        Reader.ListStreamsAsync(prefix).WaitAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
