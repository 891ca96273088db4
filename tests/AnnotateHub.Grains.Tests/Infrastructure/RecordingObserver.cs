namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// A document observer (what a browser tab is) that records every change and every presence list it hears, in
/// arrival order, and lets a test await a number of them. An optional callback runs inside the delivery, before the
/// change is recorded.
/// </summary>
public sealed class RecordingObserver(Func<DocumentChange, Task>? onChange = null) : IDocumentObserver
{
    private readonly Lock _lock = new();
    private readonly List<DocumentChange> _changes = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly List<IReadOnlyList<PresenceEntry>> _presence = [];
    private readonly List<long> _presenceSequences = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _presenceWaiters = [];

    /// <summary>Every presence list heard, oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<PresenceEntry>> PresenceHeard
    {
        get
        {
            lock (_lock)
            {
                return [.. _presence];
            }
        }
    }

    /// <summary>The sequence of every presence list heard, in arrival order.</summary>
    public IReadOnlyList<long> PresenceSequences
    {
        get
        {
            lock (_lock)
            {
                return [.. _presenceSequences];
            }
        }
    }

    /// <summary>The last presence list heard, or null.</summary>
    public IReadOnlyList<PresenceEntry>? LastPresence
    {
        get
        {
            lock (_lock)
            {
                return _presence.Count == 0 ? null : _presence[^1];
            }
        }
    }

    public Task OnPresenceChangedAsync(IReadOnlyList<PresenceEntry> present, long sequence)
    {
        List<TaskCompletionSource> done = [];
        lock (_lock)
        {
            _presence.Add(present);
            _presenceSequences.Add(sequence);
            _presenceWaiters.RemoveAll(w =>
            {
                if (_presence.Count >= w.Count)
                {
                    done.Add(w.Done);
                    return true;
                }

                return false;
            });
        }

        done.ForEach(d => d.TrySetResult());
        return Task.CompletedTask;
    }

    /// <summary>Completes once <paramref name="count"/> presence lists have been recorded.</summary>
    public Task WhenPresenceCount(int count)
    {
        lock (_lock)
        {
            if (_presence.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _presenceWaiters.Add((count, done));
            return done.Task;
        }
    }

    public IReadOnlyList<DocumentChange> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    public async Task OnDocumentChangedAsync(DocumentChange change)
    {
        if (onChange is not null)
        {
            await onChange(change);
        }

        List<TaskCompletionSource> done = [];
        lock (_lock)
        {
            _changes.Add(change);
            _waiters.RemoveAll(w =>
            {
                if (_changes.Count >= w.Count)
                {
                    done.Add(w.Done);
                    return true;
                }

                return false;
            });
        }

        done.ForEach(d => d.TrySetResult());
    }

    /// <summary>Completes once <paramref name="count"/> changes have been recorded.</summary>
    public Task WhenCount(int count)
    {
        lock (_lock)
        {
            if (_changes.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task;
        }
    }
}

/// <summary>An observer whose every delivery fails, like a tab whose connection broke.</summary>
public sealed class ThrowingObserver : IDocumentObserver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task OnDocumentChangedAsync(DocumentChange change)
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException($"The observer failed on version {change.Version}.");
    }

    public Task OnPresenceChangedAsync(IReadOnlyList<PresenceEntry> present, long sequence) =>
        throw new InvalidOperationException("The observer failed on a presence list.");
}

/// <summary>
/// A tab that never finishes handling a change (a frozen browser): its first delivery waits until the test releases
/// it. Counts the deliveries it has started.
/// </summary>
public sealed class BlockedObserver : IDocumentObserver
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Completes when the first delivery has started (and is now stuck).</summary>
    public Task Started => _started.Task;

    public Task OnDocumentChangedAsync(DocumentChange change)
    {
        Interlocked.Increment(ref _calls);
        _started.TrySetResult();
        return _release.Task;
    }

    /// <summary>Presence lists queue behind the stuck change, like every other delivery to this tab.</summary>
    public Task OnPresenceChangedAsync(IReadOnlyList<PresenceEntry> present, long sequence) => Task.CompletedTask;

    public void Release() => _release.TrySetResult();
}
