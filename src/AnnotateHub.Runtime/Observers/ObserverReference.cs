namespace AnnotateHub.Runtime;

/// <summary>
/// A reference to a local observer object. Calls are queued and delivered one at a time, in order, on the
/// thread pool; the caller never waits. A delivery that fails or outlives the delivery timeout counts as a
/// failure; after too many in a row, or when the queue overflows, the reference is dropped: pending deliveries
/// are discarded and later calls fail with <see cref="ClientNotAvailableException"/>.
/// </summary>
internal sealed class ObserverReference : IThreadPoolWorkItem
{
    private static long _lastId;

    private readonly Lock _lock = new();
    private readonly Queue<(ObserverMethod Method, object?[] Args)> _queue = new();
    private readonly GrainRuntime _runtime;
    private readonly object _target;
    private bool _delivering;
    private string? _closedBecause;
    private int _consecutiveFailures;

    public ObserverReference(GrainRuntime runtime, ObserverInterfaceInfo observerInterface, object target)
    {
        _runtime = runtime;
        Interface = observerInterface;
        _target = target;
        Id = Interlocked.Increment(ref _lastId);
    }

    public ObserverInterfaceInfo Interface { get; }

    public long Id { get; }

    public object Proxy { get; set; } = null!;

    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closedBecause is not null;
            }
        }
    }

    public object? Enqueue(ObserverMethod method, object?[] args)
    {
        bool start = false;
        string? rejected = null;
        lock (_lock)
        {
            if (_closedBecause is not null)
            {
                rejected = _closedBecause;
            }
            else if (_queue.Count >= _runtime.Options.ObserverMaxPendingDeliveries)
            {
                rejected = CloseLocked($"dropped: more than {_runtime.Options.ObserverMaxPendingDeliveries} deliveries were pending", dropped: true);
            }
            else
            {
                _queue.Enqueue((method, args));
                _runtime.OnObserverPending(1);
                if (!_delivering)
                {
                    _delivering = true;
                    start = true;
                }
            }
        }

        if (rejected is not null)
        {
            return method.Rejected(new ClientNotAvailableException($"Observer {this} is no longer available: it was {rejected}."));
        }

        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return method.Accepted();
    }

    public void Close(string because, bool dropped)
    {
        lock (_lock)
        {
            CloseLocked(because, dropped);
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = DeliverAsync();

    public override string ToString() => $"observer/{Interface.Name}/{Id}";

    private string CloseLocked(string because, bool dropped)
    {
        if (_closedBecause is null)
        {
            _closedBecause = because;
            _runtime.OnObserverPending(-_queue.Count);
            _queue.Clear();
            _runtime.OnObserverClosed(this, because, dropped);
        }

        return _closedBecause;
    }

    private async Task DeliverAsync()
    {
        var timeout = _runtime.Options.ObserverDeliveryTimeout;
        while (true)
        {
            (ObserverMethod Method, object?[] Args) delivery;
            lock (_lock)
            {
                if (_closedBecause is not null || _queue.Count == 0)
                {
                    _delivering = false;
                    return;
                }

                delivery = _queue.Dequeue();
                _runtime.OnObserverPending(-1);
            }

            try
            {
                var task = delivery.Method.Invoke(_target, delivery.Args);
                if (!task.IsCompleted)
                {
                    await task.WaitAsync(timeout, _runtime.TimeProvider).ConfigureAwait(false);
                }
                else
                {
                    task.GetAwaiter().GetResult();
                }

                _consecutiveFailures = 0;
                _runtime.OnObserverDelivered(this);
            }
            catch (Exception exception)
            {
                _consecutiveFailures++;
                _runtime.OnObserverDeliveryFailed(this, delivery.Method, exception);
                var limit = _runtime.Options.ObserverMaxConsecutiveFailures;
                if (limit > 0 && _consecutiveFailures >= limit)
                {
                    Close($"dropped after {_consecutiveFailures} consecutive failed deliveries", dropped: true);
                }
            }
        }
    }
}
