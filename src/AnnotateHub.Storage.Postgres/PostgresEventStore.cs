using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace AnnotateHub.Storage.Postgres;

/// <summary>
/// Event streams, snapshots and grain state in one PostgreSQL database, shared by every node of a cluster.
/// </summary>
/// <remarks>
/// <para>
/// The database arbitrates writers, not the node: <c>events</c> has the primary key (stream_id, version), so two nodes
/// can never both commit version n of a stream. An append is one transaction: it checks the stream's current version
/// and inserts the events in one statement, then commits; its task completes only after COMMIT returned. A
/// concurrent writer that committed the same version first makes the INSERT fail with a unique violation, reported as
/// <see cref="WrongExpectedVersionException"/> with the version the stream has now.
/// </para>
/// <para>
/// Grain state writes are one conditional statement each (<c>INSERT … ON CONFLICT DO NOTHING</c> for a new record,
/// <c>UPDATE/DELETE … WHERE etag = expected</c> otherwise); ETags are fresh version-7 GUIDs.
/// </para>
/// <para>
/// Each store has its own connection pool (an <see cref="NpgsqlDataSource"/>). Disposing the store lets the operations
/// in flight finish, refuses new ones with <see cref="ObjectDisposedException"/>, then closes the pool.
/// </para>
/// </remarks>
public sealed class PostgresEventStore : IEventStore, IGrainStateStore, IClusterWideLock
{
    /// <summary>PostgreSQL's name for the primary key of <c>events</c> (see migration 0001).</summary>
    internal const string EventsPrimaryKey = "events_pkey";

    // One statement, one snapshot: read the stream's head (version and last hash), and only when its version is the
    // expected one, create the stream row (for a new stream) and insert the events at expected+1, expected+2... each
    // linked to the one before (EventChain: the client sends each event's digest, the chain of links is computed here
    // from the stored head, so no extra round trip). The primary key of events turns a concurrent commit of the same
    // versions into a unique violation (the INSERT waits for the other transaction and fails if it committed).
    // count(*) over "appended" makes the INSERT run before the result row is produced.
    private const string AppendSql = """
        WITH RECURSIVE head AS (
            SELECT version, hash FROM events WHERE stream_id = @stream_id ORDER BY version DESC LIMIT 1
        ), current_version AS (
            SELECT coalesce((SELECT version FROM head), 0) AS version, coalesce((SELECT hash FROM head), @genesis) AS hash
        ), chain AS (
            SELECT 0::bigint AS ordinal, current_version.hash FROM current_version
            UNION ALL
            SELECT chain.ordinal + 1, sha256(chain.hash || (@digests)[chain.ordinal + 1])
            FROM chain WHERE chain.ordinal < cardinality(@digests)
        ), new_stream AS (
            INSERT INTO streams (stream_id, created_at)
            SELECT @stream_id, @now FROM current_version
            WHERE current_version.version = 0 AND @expected_version = 0
            ON CONFLICT (stream_id) DO NOTHING
        ), appended AS (
            INSERT INTO events (stream_id, version, type, data, recorded_at, hash)
            SELECT @stream_id, @expected_version + e.ordinal, e.type, e.data, @now, chain.hash
            FROM current_version, unnest(@types, @payloads) WITH ORDINALITY AS e(type, data, ordinal)
            JOIN chain ON chain.ordinal = e.ordinal
            WHERE current_version.version = @expected_version
            RETURNING version
        )
        SELECT (SELECT version FROM current_version), (SELECT count(*) FROM appended);
        """;

    private const string VersionSql = "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = @stream_id;";

    private const string ETagSql = "SELECT etag FROM grain_state WHERE state_name = @state_name AND key = @key;";

    private static readonly byte[] Genesis = EventChain.Genesis.ToArray();

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStoreOptions _options;
    private readonly StoreLifetime _lifetime = new(nameof(PostgresEventStore));

    private PostgresEventStore(PostgresStoreOptions options, NpgsqlDataSource dataSource, IReadOnlyList<int> appliedMigrations)
    {
        _options = options;
        _dataSource = dataSource;
        AppliedMigrations = appliedMigrations;
    }

    /// <summary>The options the store was opened with.</summary>
    public PostgresStoreOptions Options => _options;

    /// <summary>The schema versions this open applied (empty when the database was already current, or migrations were off).</summary>
    public IReadOnlyList<int> AppliedMigrations { get; }

    /// <summary>
    /// Connects, applies pending schema migrations (unless <see cref="PostgresStoreOptions.ApplyMigrations"/> is false)
    /// and returns the open store.
    /// </summary>
    /// <exception cref="PostgresConnectionException">
    /// The database cannot be reached, or the connection string is unusable. The message names the setting to fix
    /// (<see cref="PostgresStoreOptions.SettingName"/>) and the host, port, database and user tried.
    /// </exception>
    public static async Task<PostgresEventStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dataSource = PostgresConnections.CreateDataSource(options.ConnectionString, options.SettingName, Tune);
        try
        {
            IReadOnlyList<int> applied = [];
            if (options.ApplyMigrations)
            {
                applied = await PostgresSchema.MigrateAsync(dataSource, options, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var connection = await PostgresConnections.OpenAsync(dataSource, options.SettingName, cancellationToken).ConfigureAwait(false);
            }

            return new PostgresEventStore(options, dataSource, applied);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Prepares the statements the store repeats (unless the connection string chose otherwise).</summary>
    private static void Tune(NpgsqlConnectionStringBuilder builder)
    {
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        // The store sets no session state, so a pooled connection needs no reset (DISCARD ALL, a round trip per use:
        // measured as a third of pg-commit-p50's overhead over a raw commit). Session locks live on connections of their own.
        if (!builder.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }
    }

    // ---- IClusterWideLock ----

    /// <inheritdoc />
    /// <remarks>A PostgreSQL session advisory lock on a connection of its own, keyed by a stable hash of the name.</remarks>
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // An unpooled connection: closing it ends the session, and with it the lock, whatever happened to the unlock.
        var dataSource = PostgresConnections.CreateDataSource(_options.ConnectionString, _options.SettingName, builder => builder.Pooling = false);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await PostgresConnections.OpenAsync(dataSource, _options.SettingName, cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key);", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("key", LockKey(name));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new AdvisoryLock(dataSource, connection, LockKey(name));
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>FNV-1a over the name's UTF-8 bytes: the same key on every node and every run.</summary>
    private static long LockKey(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes("annotatehub:" + name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    private sealed class AdvisoryLock(NpgsqlDataSource dataSource, NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key);", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false); // closing the session releases the lock in any case
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // ---- IEventStore ----

    /// <inheritdoc />
    public async Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        ValidateId(streamId, nameof(streamId));
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        var now = EventChain.TruncateToMicroseconds(_options.TimeProvider.GetUtcNow());
        var nowMicroseconds = EventChain.ToUnixMicroseconds(now);
        var types = new string[events.Count];
        var payloads = new byte[events.Count][];
        var digests = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            var @event = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            if (string.IsNullOrWhiteSpace(@event.Type))
            {
                throw new ArgumentException($"Event {i} has no type.", nameof(events));
            }

            types[i] = @event.Type;
            payloads[i] = ToArray(@event.Data);
            digests[i] = EventChain.Digest(streamId, expectedVersion + 1 + i, types[i], nowMicroseconds, payloads[i]);
        }

        using var operation = _lifetime.Enter();
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One statement in its own implicit transaction: it reads the version, inserts the stream row when new and the
        // events, and commits, in one round trip. It is atomic, so it writes all the events or none. It is not
        // cancellable once sent: the statement is the commit, and the caller hears its real outcome.
        long current;
        try
        {
            await using var command = new NpgsqlCommand(AppendSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("stream_id", NpgsqlDbType.Text) { TypedValue = streamId });
            command.Parameters.Add(new NpgsqlParameter<long>("expected_version", NpgsqlDbType.Bigint) { TypedValue = expectedVersion });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<byte[]>("genesis", NpgsqlDbType.Bytea) { TypedValue = Genesis });
            command.Parameters.Add(new NpgsqlParameter<byte[][]>("digests", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = digests });
            command.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = types });
            command.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads });
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            current = reader.GetInt64(0);
            var appended = reader.GetInt64(1);
            if (current == expectedVersion && appended != events.Count)
            {
                throw new InvalidOperationException($"Appending {events.Count} events to '{streamId}' inserted {appended} rows.");
            }
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: EventsPrimaryKey })
        {
            // Another writer (another node) committed these versions first; this statement wrote nothing. A fresh
            // statement sees that writer's commit.
            var actual = await ReadVersionAsync(connection, streamId, CancellationToken.None).ConfigureAwait(false);
            throw new WrongExpectedVersionException(streamId, expectedVersion, actual);
        }

        if (current != expectedVersion)
        {
            throw new WrongExpectedVersionException(streamId, expectedVersion, current); // nothing was inserted
        }

        return expectedVersion + events.Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion = 0, long? toVersion = null, CancellationToken cancellationToken = default)
    {
        ValidateId(streamId, nameof(streamId));
        using var operation = _lifetime.Enter();
        await using var command = _dataSource.CreateCommand("""
            SELECT version, type, data, recorded_at, hash FROM events
            WHERE stream_id = @stream_id AND version > @after AND version <= @to
            ORDER BY version;
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("stream_id", NpgsqlDbType.Text) { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = afterVersion });
        command.Parameters.Add(new NpgsqlParameter<long>("to", NpgsqlDbType.Bigint) { TypedValue = toVersion ?? long.MaxValue });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new StoredEvent(
                streamId,
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetFieldValue<byte[]>(2),
                reader.GetFieldValue<DateTimeOffset>(3))
            {
                Hash = reader.IsDBNull(4) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(4),
            });
        }

        return events;
    }

    /// <inheritdoc />
    public async Task<long> GetVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ValidateId(streamId, nameof(streamId));
        using var operation = _lifetime.Enter();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(connection, streamId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>A snapshot saved again at the same version replaces the earlier one.</remarks>
    public async Task SaveSnapshotAsync(string streamId, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ValidateId(streamId, nameof(streamId));
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfNegative(snapshot.Version);
        ValidateId(snapshot.Type, nameof(snapshot));
        using var operation = _lifetime.Enter();
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO snapshots (stream_id, version, type, data) VALUES (@stream_id, @version, @type, @data)
            ON CONFLICT (stream_id, version) DO UPDATE SET type = excluded.type, data = excluded.data;
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("stream_id", NpgsqlDbType.Text) { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = snapshot.Version });
        command.Parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text) { TypedValue = snapshot.Type });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("data", NpgsqlDbType.Bytea) { TypedValue = ToArray(snapshot.Data) });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion = null, CancellationToken cancellationToken = default)
    {
        ValidateId(streamId, nameof(streamId));
        using var operation = _lifetime.Enter();
        await using var command = _dataSource.CreateCommand("""
            SELECT version, type, data FROM snapshots
            WHERE stream_id = @stream_id AND version <= @at
            ORDER BY version DESC LIMIT 1;
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("stream_id", NpgsqlDbType.Text) { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long>("at", NpgsqlDbType.Bigint) { TypedValue = atOrBeforeVersion ?? long.MaxValue });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new Snapshot(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2))
            : null;
    }

    /// <inheritdoc />
    /// <remarks>Ordered by the ids' UTF-8 bytes, i.e. by Unicode code point (the column's collation is "C").</remarks>
    public async Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        using var operation = _lifetime.Enter();
        // ">= prefix" lets the primary key index find the first candidate; starts_with keeps exactly the matches.
        await using var command = _dataSource.CreateCommand(
            "SELECT stream_id FROM streams WHERE stream_id >= @prefix AND starts_with(stream_id, @prefix) ORDER BY stream_id;");
        command.Parameters.Add(new NpgsqlParameter<string>("prefix", NpgsqlDbType.Text) { TypedValue = prefix });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    // ---- IGrainStateStore ----

    /// <inheritdoc />
    public async Task<StoredState?> ReadStateAsync(string stateName, string key, CancellationToken cancellationToken = default)
    {
        ValidateId(stateName, nameof(stateName));
        ArgumentNullException.ThrowIfNull(key);
        using var operation = _lifetime.Enter();
        await using var command = _dataSource.CreateCommand("SELECT etag, data FROM grain_state WHERE state_name = @state_name AND key = @key;");
        AddStateKey(command, stateName, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredState(reader.GetFieldValue<byte[]>(1), reader.GetString(0))
            : null;
    }

    /// <inheritdoc />
    public async Task<string> WriteStateAsync(string stateName, string key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ValidateId(stateName, nameof(stateName));
        ArgumentNullException.ThrowIfNull(key);
        using var operation = _lifetime.Enter();
        cancellationToken.ThrowIfCancellationRequested();
        var payload = ToArray(data);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One conditional statement (its own transaction). It changes nothing unless the record is as the caller
        // expects; then the stored ETag is read back to report the mismatch.
        var sql = expectedETag is null
            ? "INSERT INTO grain_state (state_name, key, etag, data) VALUES (@state_name, @key, @etag, @data) ON CONFLICT (state_name, key) DO NOTHING;"
            : "UPDATE grain_state SET etag = @etag, data = @data WHERE state_name = @state_name AND key = @key AND etag = @expected_etag;";
        return await WithExpectedETagAsync(connection, stateName, key, expectedETag, cancellationToken, async () =>
        {
            var etag = NewETag();
            await using var command = new NpgsqlCommand(sql, connection);
            AddStateKey(command, stateName, key);
            command.Parameters.Add(new NpgsqlParameter<string>("etag", NpgsqlDbType.Text) { TypedValue = etag });
            command.Parameters.Add(new NpgsqlParameter<byte[]>("data", NpgsqlDbType.Bytea) { TypedValue = payload });
            if (expectedETag is not null)
            {
                command.Parameters.Add(new NpgsqlParameter<string>("expected_etag", NpgsqlDbType.Text) { TypedValue = expectedETag });
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? etag : null;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync(string stateName, string key, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ValidateId(stateName, nameof(stateName));
        ArgumentNullException.ThrowIfNull(key);
        using var operation = _lifetime.Enter();
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        await WithExpectedETagAsync(connection, stateName, key, expectedETag, cancellationToken, async () =>
        {
            if (expectedETag is null)
            {
                // "Expect no record" and there is none: nothing to delete. When there is one, the read-back reports it.
                return await ReadETagAsync(connection, stateName, key, cancellationToken).ConfigureAwait(false) is null ? "" : null;
            }

            await using var command = new NpgsqlCommand(
                "DELETE FROM grain_state WHERE state_name = @state_name AND key = @key AND etag = @expected_etag;", connection);
            AddStateKey(command, stateName, key);
            command.Parameters.Add(new NpgsqlParameter<string>("expected_etag", NpgsqlDbType.Text) { TypedValue = expectedETag });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? "" : null;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a conditional write (it returns null when it changed nothing). When it changed nothing, reads the stored
    /// ETag and throws <see cref="ETagMismatchException"/> with it. If the record is, by then, back to what the caller
    /// expected (a record created and deleted in between: ETags are never reused, so only "no record" can come back),
    /// the write is tried again.
    /// </summary>
    private static async Task<string> WithExpectedETagAsync(
        NpgsqlConnection connection, string stateName, string key, string? expectedETag, CancellationToken cancellationToken, Func<Task<string?>> write)
    {
        const int Attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            if (await write().ConfigureAwait(false) is { } result)
            {
                return result;
            }

            var actual = await ReadETagAsync(connection, stateName, key, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, expectedETag, StringComparison.Ordinal))
            {
                throw new ETagMismatchException(stateName, key, expectedETag, actual);
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException(
                    $"State '{stateName}/{key}' kept changing while it was written ({Attempts} attempts); nothing was written. Retry later.");
            }
        }
    }

    // ---- lifetime ----

    /// <summary>
    /// Refuses new calls (they throw <see cref="ObjectDisposedException"/>), waits for the calls in flight (every
    /// write whose task completes successfully is committed), then closes the connection pool.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var first = _lifetime.Close(out var drained);
        await drained.ConfigureAwait(false);
        if (first)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    // ---- helpers ----

    private static async Task<long> ReadVersionAsync(NpgsqlConnection connection, string streamId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(VersionSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("stream_id", NpgsqlDbType.Text) { TypedValue = streamId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<string?> ReadETagAsync(NpgsqlConnection connection, string stateName, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ETagSql, connection);
        AddStateKey(command, stateName, key);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static void AddStateKey(NpgsqlCommand command, string stateName, string key)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", NpgsqlDbType.Text) { TypedValue = stateName });
        command.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = key });
    }

    private static string NewETag() => Guid.CreateVersion7().ToString("N");

    /// <summary>A byte array holding exactly <paramref name="data"/>: the caller's array when it is whole, else a copy.</summary>
    private static byte[] ToArray(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    private static void ValidateId(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The value cannot be blank.", parameterName);
        }
    }
}
