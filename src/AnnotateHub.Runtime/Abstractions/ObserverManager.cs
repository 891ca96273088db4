using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AnnotateHub.Runtime;

/// <summary>
/// Keeps a grain's observers, each keyed by its reference (Orleans: <c>Orleans.Utilities.ObserverManager&lt;TObserver&gt;</c>).
/// </summary>
/// <typeparam name="TObserver">The observer interface.</typeparam>
public class ObserverManager<TObserver> : ObserverManager<IAddressable, TObserver>
    where TObserver : notnull
{
    /// <summary>
    /// Creates a manager whose entries expire <paramref name="expiration"/> after their last
    /// <see cref="ObserverManager{TIdentity, TObserver}.Subscribe"/>. Made inside a grain (constructor or
    /// activation), it reads time from the runtime's <see cref="TimeProvider"/>; elsewhere from the system clock.
    /// </summary>
    public ObserverManager(TimeSpan expiration, ILogger logger)
        : base(expiration, logger)
    {
    }

    /// <summary>Creates a manager that reads time from <paramref name="timeProvider"/>.</summary>
    public ObserverManager(TimeSpan expiration, ILogger logger, TimeProvider timeProvider)
        : base(expiration, logger, timeProvider)
    {
    }
}

/// <summary>
/// Keeps observers keyed by an identity, with expiry (Orleans: <c>Orleans.Utilities.ObserverManager&lt;TIdentity, TObserver&gt;</c>).
/// Not thread-safe: use it from one grain's turns.
/// </summary>
/// <remarks>
/// Notifying never waits for an observer: each notification is started and, if it has not completed at once,
/// left to complete on its own. An observer whose notification fails (at once, or later) is removed; references
/// from <see cref="IGrainFactory.CreateObjectReference{TObserver}"/> fail once they have been deleted or dropped.
/// Observers re-subscribe before <see cref="ExpirationDuration"/> passes to stay subscribed.
/// </remarks>
public partial class ObserverManager<TIdentity, TObserver> : IEnumerable<TObserver>
    where TIdentity : notnull
    where TObserver : notnull
{
    private readonly Dictionary<TIdentity, ObserverEntry> _observers = [];
    private readonly ConcurrentQueue<(TIdentity Id, ObserverEntry Entry)> _failedLater = new();
    private readonly ILogger _logger;
    private KeyValuePair<TIdentity, ObserverEntry>[]? _snapshot;

    /// <summary>
    /// Creates a manager whose entries expire <paramref name="expiration"/> after their last <see cref="Subscribe"/>.
    /// Made inside a grain (constructor or activation), it reads time from the runtime's <see cref="TimeProvider"/>.
    /// </summary>
    public ObserverManager(TimeSpan expiration, ILogger logger)
        : this(expiration, logger, RuntimeContext.Current?.Runtime.TimeProvider ?? TimeProvider.System)
    {
    }

    /// <summary>Creates a manager that reads time from <paramref name="timeProvider"/>.</summary>
    public ObserverManager(TimeSpan expiration, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ExpirationDuration = expiration;
        _logger = logger;
        GetDateTime = () => timeProvider.GetUtcNow().UtcDateTime;
    }

    /// <summary>Gets the current UTC time, for expiry.</summary>
    public Func<DateTime> GetDateTime { get; set; }

    /// <summary>How long after its last <see cref="Subscribe"/> an entry expires.</summary>
    public TimeSpan ExpirationDuration { get; set; }

    /// <summary>The number of entries, including expired ones not yet removed.</summary>
    public int Count
    {
        get
        {
            RemoveFailedLater();
            return _observers.Count;
        }
    }

    /// <summary>A copy of the entries.</summary>
    public IReadOnlyDictionary<TIdentity, TObserver> Observers => _observers.ToDictionary(e => e.Key, e => e.Value.Observer);

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        _observers.Clear();
        _snapshot = null;
    }

    /// <summary>Adds an observer, or renews its entry and so its expiry.</summary>
    public void Subscribe(TIdentity id, TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(observer);
        var now = GetDateTime();
        if (_observers.TryGetValue(id, out var entry))
        {
            entry.Observer = observer;
            entry.LastSeen = now;
            LogUpdated(id, _observers.Count);
        }
        else
        {
            _observers[id] = new ObserverEntry(observer, now);
            _snapshot = null;
            LogAdded(id, _observers.Count);
        }
    }

    /// <summary>Removes an observer.</summary>
    public void Unsubscribe(TIdentity id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_observers.Remove(id))
        {
            _snapshot = null;
            LogRemoved(id, _observers.Count);
        }
    }

    /// <summary>
    /// Starts <paramref name="notification"/> for each unexpired observer that matches <paramref name="predicate"/>,
    /// without waiting for any of them. Expired observers and observers whose notification failed are removed.
    /// </summary>
    /// <returns>A completed task; kept for the Orleans signature.</returns>
    public Task Notify(Func<TObserver, Task> notification, Func<TObserver, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var now = GetDateTime();
        List<TIdentity>? defunct = null;
        foreach (var (id, entry) in Snapshot())
        {
            if (IsExpired(entry, now))
            {
                (defunct ??= []).Add(id);
                continue;
            }

            if (predicate is not null && !predicate(entry.Observer))
            {
                continue;
            }

            Task task;
            try
            {
                task = notification(entry.Observer);
            }
            catch (Exception exception)
            {
                LogNotificationFailed(exception, id);
                (defunct ??= []).Add(id);
                continue;
            }

            if (!task.IsCompleted)
            {
                WatchLateFailure(id, entry, task);
            }
            else if (!task.IsCompletedSuccessfully)
            {
                LogNotificationFailed(task.Exception?.GetBaseException(), id);
                (defunct ??= []).Add(id);
            }
        }

        RemoveDefunct(defunct);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Calls <paramref name="notification"/> for each unexpired observer that matches <paramref name="predicate"/>.
    /// Expired observers and observers whose notification threw are removed.
    /// </summary>
    public void Notify(Action<TObserver> notification, Func<TObserver, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var now = GetDateTime();
        List<TIdentity>? defunct = null;
        foreach (var (id, entry) in Snapshot())
        {
            if (IsExpired(entry, now))
            {
                (defunct ??= []).Add(id);
                continue;
            }

            if (predicate is not null && !predicate(entry.Observer))
            {
                continue;
            }

            try
            {
                notification(entry.Observer);
            }
            catch (Exception exception)
            {
                LogNotificationFailed(exception, id);
                (defunct ??= []).Add(id);
            }
        }

        RemoveDefunct(defunct);
    }

    /// <summary>Removes expired entries (and observers whose notification failed since the last call).</summary>
    public void ClearExpired()
    {
        var now = GetDateTime();
        List<TIdentity>? defunct = null;
        foreach (var (id, entry) in _observers)
        {
            if (IsExpired(entry, now))
            {
                (defunct ??= []).Add(id);
            }
        }

        RemoveDefunct(defunct);
    }

    /// <inheritdoc />
    public IEnumerator<TObserver> GetEnumerator()
    {
        foreach (var pair in Snapshot())
        {
            yield return pair.Value.Observer;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool IsExpired(ObserverEntry entry, DateTime now) => entry.LastSeen + ExpirationDuration < now;

    private KeyValuePair<TIdentity, ObserverEntry>[] Snapshot() => _snapshot ??= [.. _observers];

    private void WatchLateFailure(TIdentity id, ObserverEntry entry, Task task) =>
        task.ContinueWith(
            static (t, state) =>
            {
                var (manager, id, entry) = ((ObserverManager<TIdentity, TObserver>, TIdentity, ObserverEntry))state!;
                manager.LogNotificationFailed(t.Exception?.GetBaseException(), id);
                manager._failedLater.Enqueue((id, entry));
            },
            (this, id, entry),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void RemoveDefunct(List<TIdentity>? defunct)
    {
        if (defunct is not null)
        {
            LogRemovingDefunct(defunct.Count);
            foreach (var id in defunct)
            {
                _observers.Remove(id);
            }

            _snapshot = null;
        }

        RemoveFailedLater();
    }

    private void RemoveFailedLater()
    {
        while (_failedLater.TryDequeue(out var failed))
        {
            // Only the entry that failed: a later Subscribe with the same id made a new entry that stays.
            if (_observers.TryGetValue(failed.Id, out var current) && ReferenceEquals(current, failed.Entry))
            {
                _observers.Remove(failed.Id);
                _snapshot = null;
            }
        }
    }

    private sealed class ObserverEntry(TObserver observer, DateTime lastSeen)
    {
        public TObserver Observer { get; set; } = observer;

        public DateTime LastSeen { get; set; } = lastSeen;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Added observer {Id}; {Count} observers.")]
    private partial void LogAdded(TIdentity id, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed observer {Id}; {Count} observers.")]
    private partial void LogUpdated(TIdentity id, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed observer {Id}; {Count} observers.")]
    private partial void LogRemoved(TIdentity id, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removing {Count} expired or failed observers.")]
    private partial void LogRemovingDefunct(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifying observer {Id} failed; it will be removed.")]
    private partial void LogNotificationFailed(Exception? exception, TIdentity id);
}
