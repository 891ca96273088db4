using System.Collections.Concurrent;
using System.Diagnostics;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Web.Diagnostics;

namespace AnnotateHub.Web.Services;

/// <summary>
/// This node's live link to the documents its sessions have open: one observer subscription per open document, whatever
/// the number of tabs, so a document grain notifies nodes, not tabs. Each change is fanned out here, in process, to the
/// node's sessions, each in order and none waiting for another. The node keeps the version it has passed on: a change
/// that skips ahead (a notification dropped, or a grain that moved to another silo and lost its subscribers) is filled
/// in from the event store first, and every renewal compares the grain's version with it, so a node that missed the
/// last change catches up within one renewal.
/// </summary>
public sealed partial class DocumentSubscriptions(
    IGrainFactory grains,
    IEventStore events,
    ILogger<DocumentSubscriptions> logger) : IAsyncDisposable
{
    private readonly IGrainFactory _grains = grains;
    private readonly IEventStore _events = events;
    private readonly ILogger _logger = logger;
    private readonly ConcurrentDictionary<string, Subscription> _documents = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// For tests only: a notification for which this returns true is dropped on arrival, as if the network had lost it.
    /// </summary>
    internal Func<DocumentChange, bool>? DropNotification { get; set; }

    /// <summary>How often each subscription is renewed (and checked for missed changes).</summary>
    internal TimeSpan RenewEvery { get; set; } = DocumentSubscription.RenewEvery;

    /// <summary>Documents with a subscription on this node.</summary>
    public int DocumentCount => _documents.Count;

    /// <summary>Sessions on this node, over all documents.</summary>
    public int SessionCount => _documents.Values.Sum(d => d.SessionCount);

    /// <summary>
    /// Adds a session to a document's subscription (subscribing the node if it is the first): the session hears every
    /// change committed after this returns, in order, and every presence change. Dispose the result to leave.
    /// </summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string documentId, Func<DocumentChange, Task> onChange, Func<IReadOnlyList<PresenceEntry>, Task>? onPresence = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(onChange);
        var session = new Session(onChange, onPresence);
        while (true)
        {
            Subscription subscription;
            lock (_gate)
            {
                subscription = _documents.GetOrAdd(documentId, id => new Subscription(this, id));
                if (!subscription.TryAdd(session))
                {
                    continue; // closing: a new one replaces it
                }
            }

            try
            {
                await subscription.Started;
            }
            catch
            {
                await RemoveAsync(subscription, session);
                throw;
            }

            return new Membership(this, subscription, session);
        }
    }

    /// <summary>For tests: the node's observer object of a document (what the grain's one-way calls reach), or null.</summary>
    internal IDocumentObserver? ObserverOf(string documentId) => _documents.TryGetValue(documentId, out var s) ? s : null;

    /// <summary>The version this node has passed on for a document (null when it has no subscription to it).</summary>
    public long? VersionOf(string documentId) => _documents.TryGetValue(documentId, out var s) ? s.Version : null;

    /// <summary>Renews every subscription now and catches up what was missed (what the timer does every <see cref="RenewEvery"/>).</summary>
    public Task RenewAllAsync() => Task.WhenAll(_documents.Values.Select(s => s.RenewAsync()));

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _documents.Values)
        {
            await subscription.CloseAsync();
        }

        _documents.Clear();
    }

    private async Task RemoveAsync(Subscription subscription, Session session)
    {
        bool last;
        lock (_gate)
        {
            last = subscription.Remove(session);
            if (last)
            {
                _documents.TryRemove(new KeyValuePair<string, Subscription>(subscription.DocumentId, subscription));
            }
        }

        if (last)
        {
            await subscription.CloseAsync();
        }
    }

    private sealed class Membership(DocumentSubscriptions owner, Subscription subscription, Session session) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? new ValueTask(owner.RemoveAsync(subscription, session)) : ValueTask.CompletedTask;
    }

    /// <summary>One session's delivery queue: its changes run one after another, never waiting for other sessions.</summary>
    private sealed class Session(Func<DocumentChange, Task> onChange, Func<IReadOnlyList<PresenceEntry>, Task>? onPresence)
    {
        private readonly Lock _tailGate = new();
        private Task _tail = Task.CompletedTask;

        /// <summary>Queues a change; <paramref name="receivedAt"/> (a <see cref="Stopwatch"/> timestamp, 0 for a catch-up) times the fan-out.</summary>
        public void Post(DocumentChange change, long receivedAt) => Enqueue(() =>
        {
            if (receivedAt != 0)
            {
                WebMetrics.RecordFanOut(receivedAt);
            }

            return onChange(change);
        });

        public void Post(IReadOnlyList<PresenceEntry> present)
        {
            if (onPresence is not null)
            {
                Enqueue(() => onPresence(present));
            }
        }

        private void Enqueue(Func<Task> delivery)
        {
            lock (_tailGate)
            {
                _tail = _tail.ContinueWith(
                    static (_, state) => ((Func<Task>)state!)(),
                    delivery,
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default).Unwrap();
            }
        }
    }

    /// <summary>The node's subscription to one document, shared by its sessions.</summary>
    private sealed class Subscription : IDocumentObserver
    {
        private readonly DocumentSubscriptions _owner;
        private readonly IDocumentGrain _grain;
        private readonly SemaphoreSlim _order = new(1, 1);
        private readonly CancellationTokenSource _stop = new();
        private IDocumentObserver? _reference;
        private Session[] _sessions = [];
        private bool _closing;
        private long _version = -1;
        private long _presenceSequence;

        public Subscription(DocumentSubscriptions owner, string documentId)
        {
            _owner = owner;
            DocumentId = documentId;
            _grain = owner._grains.GetGrain<IDocumentGrain>(documentId);
            Started = StartAsync();
        }

        public string DocumentId { get; }

        public Task Started { get; }

        public long Version => Volatile.Read(ref _version);

        public int SessionCount => Volatile.Read(ref _sessions).Length;

        public bool TryAdd(Session session)
        {
            if (_closing)
            {
                return false;
            }

            _sessions = [.. _sessions, session];
            return true;
        }

        /// <summary>Removes a session; true when it was the last one (the subscription is then closing).</summary>
        public bool Remove(Session session)
        {
            _sessions = _sessions.Where(s => !ReferenceEquals(s, session)).ToArray();
            _closing = _sessions.Length == 0;
            return _closing;
        }

        public Task OnDocumentChangedAsync(DocumentChange change)
        {
            if (_owner.DropNotification?.Invoke(change) == true)
            {
                return Task.CompletedTask;
            }

            return DeliverAsync(change, Stopwatch.GetTimestamp());
        }

        public Task OnPresenceChangedAsync(IReadOnlyList<PresenceEntry> present, long sequence)
        {
            // One-way calls can arrive out of order: a list older than one already passed on is stale.
            long seen;
            do
            {
                seen = Volatile.Read(ref _presenceSequence);
                if (sequence <= seen)
                {
                    return Task.CompletedTask;
                }
            }
            while (Interlocked.CompareExchange(ref _presenceSequence, sequence, seen) != seen);

            foreach (var session in Volatile.Read(ref _sessions))
            {
                session.Post(present);
            }

            return Task.CompletedTask;
        }

        public async Task RenewAsync()
        {
            if (_reference is null || _stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var version = await _grain.SubscribeAsync(_reference);
                await CatchUpAsync(version);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRenewFailed(_owner._logger, exception, DocumentId);
            }
        }

        public async Task CloseAsync()
        {
            await _stop.CancelAsync();
            if (_reference is not null)
            {
                try
                {
                    await _grain.UnsubscribeAsync(_reference);
                }
                catch (Exception exception)
                {
                    LogUnsubscribeFailed(_owner._logger, exception, DocumentId);
                }

                _owner._grains.DeleteObjectReference<IDocumentObserver>(_reference); // the reference, not the local object
                _reference = null;
            }
        }

        private async Task StartAsync()
        {
            _reference = _owner._grains.CreateObjectReference<IDocumentObserver>(this);
            var version = await _grain.SubscribeAsync(_reference);
            await _order.WaitAsync();
            try
            {
                if (_version < 0)
                {
                    Volatile.Write(ref _version, version);
                }
            }
            finally
            {
                _order.Release();
            }

            _ = RenewLoopAsync();
        }

        private async Task RenewLoopAsync()
        {
            using var timer = new PeriodicTimer(_owner.RenewEvery);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    await RenewAsync();
                }
            }
            catch (OperationCanceledException)
            {
                // closed
            }
        }

        /// <summary>Passes a change on in order, filling in from the event store whatever came before it unseen.</summary>
        private async Task DeliverAsync(DocumentChange change, long receivedAt)
        {
            await _order.WaitAsync();
            try
            {
                if (_version < 0 || change.Events.Count == 0)
                {
                    // Not started yet: sessions load the document after subscribing, so they have it already.
                    Volatile.Write(ref _version, Math.Max(_version, change.Version));
                    Post(change, receivedAt);
                    return;
                }

                if (change.Version <= _version)
                {
                    return; // already passed on (by a catch-up)
                }

                if (change.Events[0].Sequence != _version + 1)
                {
                    await FillGapAsync(change.Events[0].Sequence - 1);
                }

                Volatile.Write(ref _version, change.Version);
                Post(change, receivedAt);
            }
            catch (Exception exception)
            {
                LogCatchUpFailed(_owner._logger, exception, DocumentId);
            }
            finally
            {
                _order.Release();
            }
        }

        private async Task CatchUpAsync(long grainVersion)
        {
            await _order.WaitAsync();
            try
            {
                if (_version >= 0 && grainVersion > _version)
                {
                    await FillGapAsync(grainVersion);
                }
            }
            finally
            {
                _order.Release();
            }
        }

        /// <summary>Reads the events after the version passed on, up to <paramref name="toVersion"/>, and passes them on as one change.</summary>
        private async Task FillGapAsync(long toVersion)
        {
            var from = _version;
            var stored = await _owner._events.ReadAsync(DocumentStreams.StreamId(DocumentId), from, toVersion, _stop.Token);
            if (stored.Count == 0)
            {
                return;
            }

            var missed = stored.Select(DocumentStreams.FromStored).ToArray();
            var version = missed[^1].Sequence;
            LogCaughtUp(_owner._logger, DocumentId, from, version);
            Volatile.Write(ref _version, version);
            Post(new DocumentChange(DocumentId, version, missed), receivedAt: 0);
        }

        private void Post(DocumentChange change, long receivedAt)
        {
            foreach (var session in Volatile.Read(ref _sessions))
            {
                session.Post(change, receivedAt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the subscription to document {DocumentId}; retrying at the next tick.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string documentId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unsubscribe from document {DocumentId}.")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string documentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not catch up on document {DocumentId} from the event store; the next renewal tries again.")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception, string documentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId}: caught up from version {From} to {To} from the event store (a notification was missed).")]
    private static partial void LogCaughtUp(ILogger logger, string documentId, long from, long to);
}
