using AnnotateHub.Storage;

namespace AnnotateHub.Grains;

/// <summary>
/// Read access to a node's event store for Orleans clients that have no store of their own (the admin CLI while a
/// server runs): the stored events and versions, as the store has them. A stateless worker: it runs on the silo the
/// client reaches, and never writes.
/// </summary>
[Alias("annotatehub.store-reader")]
public interface IStoreReaderGrain : IGrainWithIntegerKey
{
    /// <summary>Where the node's store is (e.g. <c>sqlite (/srv/annotatehub/data/annotatehub.db)</c>), so a client can check it reached the server of its own database.</summary>
    Task<string> DescribeAsync();

    Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion, long? toVersion);

    Task<long> GetVersionAsync(string streamId);

    Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion);

    Task<IReadOnlyList<string>> ListStreamsAsync(string prefix);
}
