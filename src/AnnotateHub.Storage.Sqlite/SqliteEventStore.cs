using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Sqlite;

/// <summary>
/// Event streams, snapshots and grain state in one SQLite database file (WAL mode).
/// </summary>
/// <remarks>
/// <para>
/// Writes go through one dedicated writer thread that groups everything queued into a shared transaction (group
/// commit): many concurrent appends cost one fsync. A write's task completes after its transaction committed, so it is
/// durable as <see cref="SqliteStoreOptions.Synchronous"/> describes (default FULL: survives power loss). A version
/// conflict fails only the conflicting append. Reads use separate pooled connections and never wait for the writer;
/// a read started after a write's task completed sees that write.
/// </para>
/// <para>
/// The store must be the only writer of its file: it caches stream versions in memory. A lock file
/// (<c>&lt;database&gt;.lock</c>) stops a second store, in this or another process, from opening the same file.
/// </para>
/// </remarks>
public sealed class SqliteEventStore : IEventStore, IGrainStateStore
{
    private readonly SqliteStoreOptions _options;
    private readonly SqliteWriter _writer;
    private readonly FileStream _lock;
    private readonly string _readerConnectionString;
    private int _disposed;
    private int _activeReads;

    private SqliteEventStore(SqliteStoreOptions options, SqliteWriter writer, FileStream fileLock, IReadOnlyList<int> appliedMigrations)
    {
        _options = options;
        _writer = writer;
        _lock = fileLock;
        _readerConnectionString = options.ReaderConnectionString;
        AppliedMigrations = appliedMigrations;
    }

    /// <summary>The options the store was opened with.</summary>
    public SqliteStoreOptions Options => _options;

    /// <summary>The schema versions this open applied (empty when the database was already current).</summary>
    public IReadOnlyList<int> AppliedMigrations { get; }

    /// <summary>Counters of the writer: commits, appends, events, largest batch. Commits &lt; appends shows grouping at work.</summary>
    public SqliteWriterStatistics Statistics => _writer.Statistics;

    /// <summary>Test seam: runs on the writer thread right after a batch's BEGIN, before its requests execute.</summary>
    internal Action? BatchStarted
    {
        get => _writer.BatchStarted;
        set => _writer.BatchStarted = value;
    }

    /// <summary>
    /// Opens (creating the folder and the file when missing) the database, switches it to WAL, applies pending schema
    /// migrations and starts the writer.
    /// </summary>
    /// <exception cref="SchemaVersionTooNewException">The database was written by a newer build.</exception>
    /// <exception cref="InvalidOperationException">Another store has the file open.</exception>
    public static Task<SqliteEventStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Task.Run(() => Open(options), cancellationToken);
    }

    private static SqliteEventStore Open(SqliteStoreOptions options)
    {
        var path = options.FullPath;
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var fileLock = AcquireLock(path);
        SqliteConnection? connection = null;
        try
        {
            connection = new SqliteConnection(options.WriterConnectionString);
            connection.Open();
            SqlitePragmas.SetBusyTimeout(connection, options);
            SqliteSchema.EnsureNotNewer(SqliteSchema.ReadVersion(connection), path); // before changing anything
            SqlitePragmas.Apply(connection, options);
            var applied = SqliteSchema.Migrate(connection, path, options.TimeProvider.GetUtcNow());

            var writer = new SqliteWriter(connection, options);
            var store = new SqliteEventStore(options, writer, fileLock, applied);
            writer.Start();
            return store;
        }
        catch
        {
            connection?.Dispose();
            fileLock.Dispose();
            throw;
        }
    }

    private static FileStream AcquireLock(string path)
    {
        var lockPath = path + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        }
        catch (IOException exception)
        {
            throw new DatabaseInUseException(
                $"The database '{path}' is already open by another SqliteEventStore (in this or another process; lock file "
                + $"'{lockPath}'). Only one store may write to a database file: it keeps stream versions in memory.",
                exception);
        }
    }

    // ---- IEventStore ----

    /// <inheritdoc />
    public Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        AppendRequest request;
        try
        {
            ValidateId(streamId, nameof(streamId));
            ArgumentNullException.ThrowIfNull(events);
            ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
            if (events.Count == 0)
            {
                throw new ArgumentException("An append needs at least one event.", nameof(events));
            }

            request = new AppendRequest(streamId, expectedVersion, events);
        }
        catch (ArgumentException exception)
        {
            return Task.FromException<long>(exception);
        }

        return Enqueue(request, request.Task, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long afterVersion = 0, long? toVersion = null, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<StoredEvent>>(cancellationToken, connection =>
        {
            ValidateId(streamId, nameof(streamId));
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT version, type, data, recorded_at, hash FROM events
                WHERE stream_id = $stream_id AND version > $after AND version <= $to
                ORDER BY version;
                """;
            command.Parameters.Add("$stream_id", SqliteType.Text).Value = streamId;
            command.Parameters.Add("$after", SqliteType.Integer).Value = afterVersion;
            command.Parameters.Add("$to", SqliteType.Integer).Value = toVersion ?? long.MaxValue;
            using var reader = command.ExecuteReader();
            var events = new List<StoredEvent>();
            while (reader.Read())
            {
                events.Add(new StoredEvent(
                    streamId,
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetFieldValue<byte[]>(2),
                    SqliteWriter.FromUnixMicroseconds(reader.GetInt64(3)))
                {
                    Hash = reader.IsDBNull(4) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(4),
                });
            }

            return events;
        });

    /// <inheritdoc />
    public Task<long> GetVersionAsync(string streamId, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection =>
        {
            ValidateId(streamId, nameof(streamId));
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $stream_id;";
            command.Parameters.Add("$stream_id", SqliteType.Text).Value = streamId;
            return (long)command.ExecuteScalar()!;
        });

    /// <inheritdoc />
    public Task SaveSnapshotAsync(string streamId, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        SaveSnapshotRequest request;
        try
        {
            ValidateId(streamId, nameof(streamId));
            ArgumentNullException.ThrowIfNull(snapshot);
            ArgumentOutOfRangeException.ThrowIfNegative(snapshot.Version);
            ValidateId(snapshot.Type, nameof(snapshot));
            request = new SaveSnapshotRequest(streamId, snapshot.Version, snapshot.Type, snapshot.Data);
        }
        catch (ArgumentException exception)
        {
            return Task.FromException(exception);
        }

        return Enqueue(request, request.Task, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Snapshot?> LoadSnapshotAsync(string streamId, long? atOrBeforeVersion = null, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection =>
        {
            ValidateId(streamId, nameof(streamId));
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT version, type, data FROM snapshots
                WHERE stream_id = $stream_id AND version <= $at
                ORDER BY version DESC LIMIT 1;
                """;
            command.Parameters.Add("$stream_id", SqliteType.Text).Value = streamId;
            command.Parameters.Add("$at", SqliteType.Integer).Value = atOrBeforeVersion ?? long.MaxValue;
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new Snapshot(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2))
                : null;
        });

    /// <inheritdoc />
    /// <remarks>Ordered by the ids' UTF-8 bytes, i.e. by Unicode code point.</remarks>
    public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<string>>(cancellationToken, connection =>
        {
            ArgumentNullException.ThrowIfNull(prefix);
            using var command = connection.CreateCommand();
            // The ids starting with the prefix are exactly the ones from the prefix on, up to the first that does not.
            command.CommandText = "SELECT stream_id FROM streams WHERE stream_id >= $prefix ORDER BY stream_id;";
            command.Parameters.Add("$prefix", SqliteType.Text).Value = prefix;
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (!id.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break;
                }

                ids.Add(id);
            }

            return ids;
        });

    // ---- IGrainStateStore ----

    /// <inheritdoc />
    public Task<StoredState?> ReadStateAsync(string stateName, string key, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection =>
        {
            ValidateId(stateName, nameof(stateName));
            ArgumentNullException.ThrowIfNull(key);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, data FROM grain_state WHERE state_name = $state_name AND key = $key;";
            command.Parameters.Add("$state_name", SqliteType.Text).Value = stateName;
            command.Parameters.Add("$key", SqliteType.Text).Value = key;
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredState(reader.GetFieldValue<byte[]>(1), reader.GetString(0)) : null;
        });

    /// <inheritdoc />
    public Task<string> WriteStateAsync(string stateName, string key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        WriteStateRequest request;
        try
        {
            ValidateId(stateName, nameof(stateName));
            ArgumentNullException.ThrowIfNull(key);
            request = new WriteStateRequest(stateName, key, data, expectedETag);
        }
        catch (ArgumentException exception)
        {
            return Task.FromException<string>(exception);
        }

        return Enqueue(request, request.Task, cancellationToken);
    }

    /// <inheritdoc />
    public Task ClearStateAsync(string stateName, string key, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ClearStateRequest request;
        try
        {
            ValidateId(stateName, nameof(stateName));
            ArgumentNullException.ThrowIfNull(key);
            request = new ClearStateRequest(stateName, key, expectedETag);
        }
        catch (ArgumentException exception)
        {
            return Task.FromException(exception);
        }

        return Enqueue(request, request.Task, cancellationToken);
    }

    /// <summary>Runs <paramref name="action"/> on the writer thread with the writer connection, between batches, outside any transaction.</summary>
    internal Task<T> RunOnWriterAsync<T>(Func<SqliteConnection, T> action)
    {
        var request = new WriterActionRequest<T>(action);
        return Enqueue(request, request.Task, CancellationToken.None);
    }

    // ---- lifetime ----

    /// <summary>
    /// Stops taking writes, lets the writer commit everything already queued (every write whose task completes
    /// successfully is durable), then closes all connections and releases the file. Later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writer.Stopped.ConfigureAwait(false);
            return;
        }

        _writer.Complete();
        try
        {
            await _writer.Stopped.ConfigureAwait(false);
        }
        finally
        {
            // reads that were already running finish; new ones see _disposed
            var spin = default(SpinWait);
            while (Volatile.Read(ref _activeReads) > 0)
            {
                spin.SpinOnce();
            }

            using (var pooled = new SqliteConnection(_readerConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            await _lock.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<TResult> Enqueue<TResult>(WriteRequest request, Task<TResult> task, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromException<TResult>(new ObjectDisposedException(nameof(SqliteEventStore)));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        request.RegisterCancellation(cancellationToken);
        if (!_writer.TryEnqueue(request))
        {
            request.Fail(_writer.Fault is { } fault
                ? new InvalidOperationException("The SQLite writer stopped after an unexpected error; the write was not made.", fault)
                : new ObjectDisposedException(nameof(SqliteEventStore)));
        }

        return task;
    }

    private Task<TResult> Read<TResult>(CancellationToken cancellationToken, Func<SqliteConnection, TResult> query)
    {
        Interlocked.Increment(ref _activeReads);
        try
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return Task.FromException<TResult>(new ObjectDisposedException(nameof(SqliteEventStore)));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<TResult>(cancellationToken);
            }

            using var connection = new SqliteConnection(_readerConnectionString);
            connection.Open();
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, _options.BusyTimeoutMilliseconds);
            return Task.FromResult(query(connection));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Task.FromException<TResult>(exception);
        }
        finally
        {
            Interlocked.Decrement(ref _activeReads);
        }
    }

    private static void ValidateId(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The value cannot be blank.", parameterName);
        }
    }
}
