namespace AnnotateHub.Runtime.Tests.Infrastructure;

/// <summary>What test grains did, shared through DI, with awaitable counts.</summary>
public sealed class EventLog
{
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];
    private readonly List<(string Event, int Count, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void Record(string @event)
    {
        List<TaskCompletionSource> done = [];
        lock (_lock)
        {
            _events.Add(@event);
            foreach (var waiter in _waiters.ToList())
            {
                if (CountLocked(waiter.Event) >= waiter.Count)
                {
                    _waiters.Remove(waiter);
                    done.Add(waiter.Done);
                }
            }
        }

        done.ForEach(d => d.TrySetResult());
    }

    public int Count(string @event)
    {
        lock (_lock)
        {
            return CountLocked(@event);
        }
    }

    /// <summary>Completes once <paramref name="event"/> has been recorded <paramref name="count"/> times.</summary>
    public Task WhenCount(string @event, int count)
    {
        lock (_lock)
        {
            if (CountLocked(@event) >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((@event, count, done));
            return done.Task;
        }
    }

    private int CountLocked(string @event) => _events.Count(e => e == @event);
}

/// <summary>Named barriers that test grains await and tests release.</summary>
public sealed class Gates
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

    public Task WaitAsync(string name) => Get(name).Task;

    public void Open(string name) => Get(name).TrySetResult();

    private TaskCompletionSource Get(string name) =>
        _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
