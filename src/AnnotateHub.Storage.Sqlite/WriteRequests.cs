using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Sqlite;

/// <summary>
/// A write waiting in the writer's queue. Built (validated, payload copied if needed) on the caller's thread, so the
/// writer thread only binds and steps statements. Its outcome is decided inside a batch and delivered after COMMIT.
/// </summary>
internal abstract class WriteRequest
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state;
    private CancellationTokenRegistration _registration;

    /// <summary>True for a request that runs on its own, outside any batch transaction.</summary>
    public virtual bool RunsAlone => false;

    /// <summary>Payload bytes, to bound the size of a batch.</summary>
    public abstract long PayloadBytes { get; }

    /// <summary>Called by the caller before the request is queued. A cancellation before pickup cancels the task at once.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((WriteRequest)state!).OnCancelled(token), this);
        }
    }

    /// <summary>Writer side: claims the request for a batch; false when it was cancelled first (then it is skipped).</summary>
    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued)
        {
            return false;
        }

        _registration.Unregister();
        return true;
    }

    /// <summary>Writer side, inside the batch transaction: checks and writes, and records the outcome. Throws on a SQL error.</summary>
    public abstract void Execute(SqliteWriter writer);

    /// <summary>Writer side, after COMMIT: delivers the recorded outcome.</summary>
    public abstract void Complete();

    /// <summary>Writer side: the request (or its batch's commit) failed; nothing of it was written.</summary>
    public abstract void Fail(Exception exception);

    protected abstract void Cancel(CancellationToken cancellationToken);

    private void OnCancelled(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            Cancel(cancellationToken);
        }
    }
}

internal abstract class WriteRequest<T> : WriteRequest
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _rejection;

    public Task<T> Task => _completion.Task;

    public override void Complete()
    {
        if (_rejection is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_rejection);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    protected override void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

    /// <summary>The request was applied; <paramref name="result"/> is delivered if the batch commits.</summary>
    protected void Succeed(T result)
    {
        _result = result;
        _rejection = null;
    }

    /// <summary>The request was refused without writing anything (e.g. a version conflict); delivered if the batch commits.</summary>
    protected void Reject(Exception rejection) => _rejection = rejection;

    /// <summary>A byte array holding exactly <paramref name="data"/>: the caller's array when it is whole, else a copy.</summary>
    protected static byte[] ToArray(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
}

internal sealed class AppendRequest : WriteRequest<long>
{
    private readonly string[] _types;
    private readonly byte[][] _payloads;
    private readonly long _payloadBytes;

    public AppendRequest(string streamId, long expectedVersion, IReadOnlyList<EventData> events)
    {
        StreamId = streamId;
        ExpectedVersion = expectedVersion;
        _types = new string[events.Count];
        _payloads = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            var @event = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            if (string.IsNullOrWhiteSpace(@event.Type))
            {
                throw new ArgumentException($"Event {i} has no type.", nameof(events));
            }

            _types[i] = @event.Type;
            _payloads[i] = ToArray(@event.Data);
            _payloadBytes += _payloads[i].Length;
        }
    }

    public string StreamId { get; }

    public long ExpectedVersion { get; }

    public int EventCount => _types.Length;

    public override long PayloadBytes => _payloadBytes;

    public override void Execute(SqliteWriter writer)
    {
        var head = writer.GetHead(StreamId);
        var current = head.Version;
        if (current != ExpectedVersion)
        {
            Reject(new WrongExpectedVersionException(StreamId, ExpectedVersion, current));
            return;
        }

        if (current == 0)
        {
            writer.InsertStream(StreamId);
        }

        var hash = head.Hash;
        for (var i = 0; i < _types.Length; i++)
        {
            hash = writer.InsertEvent(StreamId, current + 1 + i, _types[i], _payloads[i], hash);
        }

        var version = current + _types.Length;
        writer.SetHead(StreamId, new StreamHead(version, hash));
        writer.CountAppend(_types.Length);
        Succeed(version);
    }
}

internal sealed class SaveSnapshotRequest(string streamId, long version, string type, ReadOnlyMemory<byte> data) : WriteRequest<bool>
{
    private readonly byte[] _data = ToArray(data);

    public override long PayloadBytes => _data.Length;

    public override void Execute(SqliteWriter writer)
    {
        writer.UpsertSnapshot(streamId, version, type, _data);
        Succeed(true);
    }
}

internal sealed class WriteStateRequest(string stateName, string key, ReadOnlyMemory<byte> data, string? expectedETag)
    : WriteRequest<string>
{
    private readonly byte[] _data = ToArray(data);

    public override long PayloadBytes => _data.Length;

    public override void Execute(SqliteWriter writer)
    {
        var actual = writer.GetETag(stateName, key);
        if (!string.Equals(actual, expectedETag, StringComparison.Ordinal))
        {
            Reject(new ETagMismatchException(stateName, key, expectedETag, actual));
            return;
        }

        var etag = SqliteWriter.NewETag();
        writer.UpsertState(stateName, key, etag, _data);
        Succeed(etag);
    }
}

internal sealed class ClearStateRequest(string stateName, string key, string? expectedETag) : WriteRequest<bool>
{
    public override long PayloadBytes => 0;

    public override void Execute(SqliteWriter writer)
    {
        var actual = writer.GetETag(stateName, key);
        if (!string.Equals(actual, expectedETag, StringComparison.Ordinal))
        {
            Reject(new ETagMismatchException(stateName, key, expectedETag, actual));
            return;
        }

        if (actual is not null)
        {
            writer.DeleteState(stateName, key);
        }

        Succeed(true);
    }
}

/// <summary>
/// Runs code on the writer thread with the writer connection, between batches and outside any transaction
/// (diagnostics and tests: read a pragma, change a setting). Not part of a batch.
/// </summary>
internal sealed class WriterActionRequest<T>(Func<SqliteConnection, T> action) : WriteRequest<T>
{
    public override bool RunsAlone => true;

    public override long PayloadBytes => 0;

    public override void Execute(SqliteWriter writer) => Succeed(action(writer.Connection));
}
