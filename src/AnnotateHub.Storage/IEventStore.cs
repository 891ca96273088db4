namespace AnnotateHub.Storage;

/// <summary>
/// An append-only store of event streams (one stream per document). Writers are arbitrated by the expected
/// version: an append succeeds only when the stream's current version equals <c>expectedVersion</c>.
/// A completed <see cref="AppendAsync"/> means the events are durable (see each store's notes on what
/// "durable" guarantees).
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>
    /// Appends <paramref name="events"/> to <paramref name="streamId"/>. The first event gets version
    /// <c>expectedVersion + 1</c>. A new stream has version 0.
    /// </summary>
    /// <returns>The stream's version after the append.</returns>
    /// <exception cref="WrongExpectedVersionException">The stream's version is not <paramref name="expectedVersion"/>; nothing was written.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is empty or the stream id is blank.</exception>
    Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>Reads the events of a stream whose version is greater than <paramref name="afterVersion"/>, in version order.</summary>
    /// <param name="toVersion">When given, stops after this version (inclusive).</param>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion = 0, long? toVersion = null, CancellationToken cancellationToken = default);

    /// <summary>The current version of a stream (0 when it does not exist).</summary>
    Task<long> GetVersionAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Saves a snapshot of a stream's state at <see cref="Snapshot.Version"/>. A later snapshot does not remove earlier ones.</summary>
    Task SaveSnapshotAsync(string streamId, Snapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>The newest snapshot whose version is at most <paramref name="atOrBeforeVersion"/> (or the newest of all), or null.</summary>
    Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Stream ids whose id starts with <paramref name="prefix"/>, in order.</summary>
    Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>An event to append: a stable type name and its serialised payload (UTF-8 JSON by convention).</summary>
public sealed record EventData(string Type, ReadOnlyMemory<byte> Data);

/// <summary>An event as stored: the stream, its version in that stream, type, payload and when the store recorded it.</summary>
public sealed record StoredEvent(string StreamId, long Version, string Type, ReadOnlyMemory<byte> Data, DateTimeOffset RecordedAt)
{
    /// <summary>The event's link in its stream's hash chain (<see cref="EventChain"/>), as stored; empty when the store has none.</summary>
    public ReadOnlyMemory<byte> Hash { get; init; }
}

/// <summary>A serialised state of a stream as of <paramref name="Version"/>.</summary>
public sealed record Snapshot(long Version, string Type, ReadOnlyMemory<byte> Data);

/// <summary>The stream was not at the expected version: another writer got there first. Nothing was written.</summary>
public sealed class WrongExpectedVersionException(string streamId, long expectedVersion, long actualVersion)
    : Exception($"Stream '{streamId}' is at version {actualVersion}, not the expected {expectedVersion}; nothing was written. Reload and retry.")
{
    public string StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expectedVersion;
    public long ActualVersion { get; } = actualVersion;
}
