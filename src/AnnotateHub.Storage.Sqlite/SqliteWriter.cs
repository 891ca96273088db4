using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Sqlite;

/// <summary>
/// The single writer: one connection, owned by one dedicated thread that drains the request queue into shared
/// transactions (group commit). Callers build their requests on their own threads and await them; while this thread
/// is committing (fsync) batch N, the next requests pile up in the queue, ready to become batch N+1.
/// </summary>
/// <remarks>
/// Stream heads (version and the hash of the last event, see <see cref="EventChain"/>) are cached in memory (loaded
/// lazily, once per stream) so the expected-version check and the next link of the chain need no SELECT. This is sound because the store is the only writer of its file (a lock file enforces it). Changes made by
/// a batch go to <see cref="_batchVersions"/> first and reach <see cref="_versions"/> only after COMMIT succeeded.
/// </remarks>
internal sealed class SqliteWriter
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        // Only this writer thread waits on the channel, and its continuation merely wakes the thread:
        // running it inline on the enqueuing caller saves a thread-pool hop per wake-up.
        AllowSynchronousContinuations = true,
    });

    private readonly SqliteConnection _connection;
    private readonly SqliteStoreOptions _options;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, StreamHead> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamHead> _batchVersions = new(StringComparer.Ordinal);

    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _selectVersion;
    private readonly SqliteCommand _insertStream;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _upsertSnapshot;
    private readonly SqliteCommand _selectETag;
    private readonly SqliteCommand _upsertState;
    private readonly SqliteCommand _deleteState;

    private volatile Exception? _fault;
    private long _batchNow;
    private long _batchAppends;
    private long _batchEvents;

    private long _commits;
    private long _appends;
    private long _events;
    private long _requests;
    private long _failedCommits;
    private int _largestBatch;

    public SqliteWriter(SqliteConnection connection, SqliteStoreOptions options)
    {
        _connection = connection;
        _options = options;

        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _selectVersion = Prepare(
            "SELECT version, hash FROM events WHERE stream_id = $stream_id ORDER BY version DESC LIMIT 1;", ("$stream_id", SqliteType.Text));
        _insertStream = Prepare(
            "INSERT INTO streams (stream_id, created_at) VALUES ($stream_id, $created_at);",
            ("$stream_id", SqliteType.Text), ("$created_at", SqliteType.Integer));
        _insertEvent = Prepare(
            "INSERT INTO events (stream_id, version, type, data, recorded_at, hash) VALUES ($stream_id, $version, $type, $data, $recorded_at, $hash);",
            ("$stream_id", SqliteType.Text), ("$version", SqliteType.Integer), ("$type", SqliteType.Text),
            ("$data", SqliteType.Blob), ("$recorded_at", SqliteType.Integer), ("$hash", SqliteType.Blob));
        _upsertSnapshot = Prepare(
            "INSERT OR REPLACE INTO snapshots (stream_id, version, type, data) VALUES ($stream_id, $version, $type, $data);",
            ("$stream_id", SqliteType.Text), ("$version", SqliteType.Integer), ("$type", SqliteType.Text), ("$data", SqliteType.Blob));
        _selectETag = Prepare(
            "SELECT etag FROM grain_state WHERE state_name = $state_name AND key = $key;",
            ("$state_name", SqliteType.Text), ("$key", SqliteType.Text));
        _upsertState = Prepare(
            "INSERT INTO grain_state (state_name, key, etag, data) VALUES ($state_name, $key, $etag, $data) "
            + "ON CONFLICT (state_name, key) DO UPDATE SET etag = excluded.etag, data = excluded.data;",
            ("$state_name", SqliteType.Text), ("$key", SqliteType.Text), ("$etag", SqliteType.Text), ("$data", SqliteType.Blob));
        _deleteState = Prepare(
            "DELETE FROM grain_state WHERE state_name = $state_name AND key = $key;",
            ("$state_name", SqliteType.Text), ("$key", SqliteType.Text));

        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"SQLite writer ({Path.GetFileName(options.FullPath)})",
        };
    }

    /// <summary>The writer connection; use only on the writer thread.</summary>
    public SqliteConnection Connection => _connection;

    /// <summary>Completes when the thread has drained the queue and closed the connection.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>The unexpected error that stopped the thread, if any.</summary>
    public Exception? Fault => _fault;

    /// <summary>Test seam: runs on the writer thread right after a batch's BEGIN, before its requests execute.</summary>
    public Action? BatchStarted { get; set; }

    public SqliteWriterStatistics Statistics => new(
        Commits: Interlocked.Read(ref _commits),
        Appends: Interlocked.Read(ref _appends),
        Events: Interlocked.Read(ref _events),
        Requests: Interlocked.Read(ref _requests),
        FailedCommits: Interlocked.Read(ref _failedCommits),
        LargestBatch: Volatile.Read(ref _largestBatch));

    public void Start() => _thread.Start();

    /// <summary>Queues a request; false once the writer is shutting down.</summary>
    public bool TryEnqueue(WriteRequest request) => _queue.Writer.TryWrite(request);

    /// <summary>Stops taking requests; the thread drains what is queued, then stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public static string NewETag() => Guid.CreateVersion7().ToString("N");

    // ---- called by requests, on the writer thread, inside the batch transaction ----

    public StreamHead GetHead(string streamId)
    {
        if (_batchVersions.TryGetValue(streamId, out var head) || _versions.TryGetValue(streamId, out head))
        {
            return head;
        }

        head = LoadHead(streamId);
        _versions[streamId] = head;
        return head;
    }

    public void SetHead(string streamId, StreamHead head) => _batchVersions[streamId] = head;

    public void CountAppend(int events)
    {
        _batchAppends++;
        _batchEvents += events;
    }

    public void InsertStream(string streamId)
    {
        _insertStream.Parameters[0].Value = streamId;
        _insertStream.Parameters[1].Value = _batchNow;
        _insertStream.ExecuteNonQuery();
    }

    /// <summary>Inserts an event recorded now, linked to <paramref name="previousHash"/>; returns its hash.</summary>
    public byte[] InsertEvent(string streamId, long version, string type, byte[] data, ReadOnlySpan<byte> previousHash)
    {
        var hash = EventChain.Hash(previousHash, streamId, version, type, _batchNow, data);
        var parameters = _insertEvent.Parameters;
        parameters[0].Value = streamId;
        parameters[1].Value = version;
        parameters[2].Value = type;
        parameters[3].Value = data;
        parameters[4].Value = _batchNow;
        parameters[5].Value = hash;
        _insertEvent.ExecuteNonQuery();
        return hash;
    }

    public void UpsertSnapshot(string streamId, long version, string type, byte[] data)
    {
        var parameters = _upsertSnapshot.Parameters;
        parameters[0].Value = streamId;
        parameters[1].Value = version;
        parameters[2].Value = type;
        parameters[3].Value = data;
        _upsertSnapshot.ExecuteNonQuery();
    }

    public string? GetETag(string stateName, string key)
    {
        _selectETag.Parameters[0].Value = stateName;
        _selectETag.Parameters[1].Value = key;
        return _selectETag.ExecuteScalar() as string;
    }

    public void UpsertState(string stateName, string key, string etag, byte[] data)
    {
        var parameters = _upsertState.Parameters;
        parameters[0].Value = stateName;
        parameters[1].Value = key;
        parameters[2].Value = etag;
        parameters[3].Value = data;
        _upsertState.ExecuteNonQuery();
    }

    public void DeleteState(string stateName, string key)
    {
        _deleteState.Parameters[0].Value = stateName;
        _deleteState.Parameters[1].Value = key;
        _deleteState.ExecuteNonQuery();
    }

    // ---- the loop ----

    private void Run()
    {
        var batch = new List<WriteRequest>(Math.Min(_options.MaxBatchSize, 4096));
        try
        {
            while (WaitForWork())
            {
                if (_queue.Reader.TryPeek(out var head) && head.RunsAlone)
                {
                    _queue.Reader.TryRead(out _);
                    RunAlone(head);
                    continue;
                }

                Drain(batch);
                if (batch.Count > 0)
                {
                    ProcessBatch(batch);
                    batch.Clear();
                }
            }
        }
        catch (Exception exception)
        {
            // Not expected (statement and commit errors are handled per batch); never leave a caller hanging.
            _fault = exception;
            _queue.Writer.TryComplete(exception);
            var failure = new InvalidOperationException("The SQLite writer stopped after an unexpected error; the write was not made.", exception);
            foreach (var request in batch)
            {
                request.Fail(failure);
            }

            while (_queue.Reader.TryRead(out var request))
            {
                if (request.TryTake())
                {
                    request.Fail(failure);
                }
            }
        }
        finally
        {
            CloseConnection();
            _stopped.TrySetResult(); // an unexpected error was reported to every waiting caller above
        }
    }

    /// <summary>Blocks this (dedicated) thread until a request is queued; false when the queue is completed and empty.</summary>
    private bool WaitForWork()
    {
        var reader = _queue.Reader;
        while (!reader.TryPeek(out _))
        {
            var wait = reader.WaitToReadAsync();
            var more = wait.IsCompleted ? wait.GetAwaiter().GetResult() : wait.AsTask().GetAwaiter().GetResult();
            if (!more)
            {
                return false;
            }
        }

        return true;
    }

    private void Drain(List<WriteRequest> batch)
    {
        var reader = _queue.Reader;
        long bytes = 0;
        while (batch.Count < _options.MaxBatchSize && bytes < _options.MaxBatchBytes && reader.TryPeek(out var next))
        {
            if (next.RunsAlone)
            {
                break; // a writer action runs alone, after this batch
            }

            reader.TryRead(out _);
            if (next.TryTake())
            {
                batch.Add(next);
                bytes += next.PayloadBytes;
            }
        }
    }

    private void RunAlone(WriteRequest request)
    {
        if (!request.TryTake())
        {
            return;
        }

        try
        {
            request.Execute(this);
            request.Complete();
        }
        catch (Exception exception)
        {
            request.Fail(exception);
        }
    }

    /// <summary>
    /// One transaction for the whole batch. A request whose statement fails is taken out and the rest retried, so it
    /// fails alone; a failed COMMIT fails the whole batch. Outcomes are delivered only after COMMIT.
    /// </summary>
    private void ProcessBatch(List<WriteRequest> batch)
    {
        var first = true;
        while (batch.Count > 0)
        {
            _batchNow = ToUnixMicroseconds(_options.TimeProvider.GetUtcNow());
            _batchAppends = 0;
            _batchEvents = 0;
            _batchVersions.Clear();

            try
            {
                _begin.ExecuteNonQuery();
            }
            catch (Exception exception)
            {
                FailAll(batch, exception);
                return;
            }

            if (first)
            {
                first = false;
                BatchStarted?.Invoke();
            }

            var failedAt = -1;
            Exception? failure = null;
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    batch[i].Execute(this);
                }
                catch (Exception exception)
                {
                    failedAt = i;
                    failure = exception;
                    break;
                }
            }

            if (failure is not null)
            {
                RollbackQuietly();
                _batchVersions.Clear();
                var failed = batch[failedAt];
                batch.RemoveAt(failedAt);
                failed.Fail(Explain(failed, failure));
                continue;
            }

            try
            {
                _commit.ExecuteNonQuery();
            }
            catch (Exception exception)
            {
                RollbackQuietly();
                _batchVersions.Clear();
                Interlocked.Increment(ref _failedCommits);
                FailAll(batch, exception);
                return;
            }

            foreach (var (streamId, version) in _batchVersions)
            {
                _versions[streamId] = version;
            }

            _batchVersions.Clear();
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _appends, _batchAppends);
            Interlocked.Add(ref _events, _batchEvents);
            Interlocked.Add(ref _requests, batch.Count);
            if (batch.Count > _largestBatch)
            {
                Volatile.Write(ref _largestBatch, batch.Count);
            }

            foreach (var request in batch)
            {
                request.Complete();
            }

            return;
        }
    }

    private static void FailAll(List<WriteRequest> batch, Exception exception)
    {
        foreach (var request in batch)
        {
            request.Fail(exception);
        }
    }

    /// <summary>
    /// A primary-key violation on an append means the cached version was behind the file (someone else wrote to it):
    /// reload the version and report a conflict, which is what it is.
    /// </summary>
    private Exception Explain(WriteRequest request, Exception failure)
    {
        if (request is AppendRequest append
            && failure is SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique })
        {
            try
            {
                var actual = LoadHead(append.StreamId);
                _versions[append.StreamId] = actual;
                return new WrongExpectedVersionException(append.StreamId, append.ExpectedVersion, actual.Version);
            }
            catch (SqliteException)
            {
                _versions.Remove(append.StreamId);
            }
        }

        return failure;
    }

    private StreamHead LoadHead(string streamId)
    {
        _selectVersion.Parameters[0].Value = streamId;
        using var reader = _selectVersion.ExecuteReader();
        return reader.Read()
            ? new StreamHead(reader.GetInt64(0), reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1))
            : new StreamHead(0, EventChain.Genesis.ToArray());
    }

    private void RollbackQuietly()
    {
        if (_connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0)
        {
            return; // SQLite already rolled the transaction back (e.g. after an I/O error)
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // nothing more can be done; the next BEGIN reports the state of the connection
        }
    }

    private void CloseConnection()
    {
        foreach (var command in new[] { _begin, _commit, _rollback, _selectVersion, _insertStream, _insertEvent, _upsertSnapshot, _selectETag, _upsertState, _deleteState })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    internal static long ToUnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    internal static DateTimeOffset FromUnixMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);
}

/// <summary>A stream's version and the hash of its last event (<see cref="EventChain.Genesis"/> for an empty stream).</summary>
internal readonly record struct StreamHead(long Version, byte[] Hash);

/// <summary>What the writer has done since the store was opened.</summary>
/// <param name="Commits">Transactions committed.</param>
/// <param name="Appends">Appends committed (each <c>AppendAsync</c> that succeeded).</param>
/// <param name="Events">Events committed.</param>
/// <param name="Requests">Write requests delivered by committed transactions (appends, conflicts, snapshots, state writes).</param>
/// <param name="FailedCommits">Transactions whose COMMIT failed (every request of such a batch failed).</param>
/// <param name="LargestBatch">The most requests one transaction carried.</param>
public sealed record SqliteWriterStatistics(long Commits, long Appends, long Events, long Requests, long FailedCommits, int LargestBatch);
