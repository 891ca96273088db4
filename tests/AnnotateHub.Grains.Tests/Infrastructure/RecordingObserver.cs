namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// A document observer (what a browser tab is) that records every change it hears, in arrival order, and lets a
/// test await a number of them. An optional callback runs inside the delivery, before the change is recorded.
/// </summary>
public sealed class RecordingObserver(Func<DocumentChange, Task>? onChange = null) : IDocumentObserver
{
    private readonly Lock _lock = new();
    private readonly List<DocumentChange> _changes = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

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
}
