using AnnotateHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace AnnotateHub.Grains;

/// <summary>Where this node's store is, for <see cref="IStoreReaderGrain.DescribeAsync"/> (registered by the host).</summary>
public sealed record StoreLocation(string Description);

/// <summary>The node's event store, read-only, for Orleans clients (see <see cref="IStoreReaderGrain"/>).</summary>
[StatelessWorker]
[GrainType("store-reader")]
public sealed class StoreReaderGrain(IEventStore store, IServiceProvider services) : Grain, IStoreReaderGrain
{
    public Task<string> DescribeAsync() => Task.FromResult(services.GetService<StoreLocation>()?.Description ?? "(unknown store)");

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion, long? toVersion) => store.ReadAsync(streamId, afterVersion, toVersion);

    public Task<long> GetVersionAsync(string streamId) => store.GetVersionAsync(streamId);

    public Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion) => store.LoadSnapshotAsync(streamId, atOrBeforeVersion);

    public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix) => store.ListStreamsAsync(prefix);
}
