using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Runtime;

/// <summary>
/// One activation of one grain: the grain instance, its call queue and its lifecycle. Calls run one at a time;
/// a call's turn lasts until the task it returned completes, so calls never interleave. The lock is per
/// activation and held only for a few field updates.
/// </summary>
internal sealed class GrainActivation : IThreadPoolWorkItem
{
    private const int MaxTurnsPerPump = 64;

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ActivationState _state;
    private volatile bool _running;
    private Queue<IGrainWorkItem>? _queue;
    private DeactivationReason? _deactivationReason;
    private long _idleSince;
    private long _keepAliveUntil;
    private object? _instance;
    private AsyncServiceScope _scope;
    private bool _hasScope;
    private int _queuedCount;
    private Queue<IGrainWorkItem>? _orphaned;

    public GrainActivation(GrainRuntime runtime, GrainClassInfo grainClass, string key)
    {
        Runtime = runtime;
        Class = grainClass;
        Key = key;
        Id = GrainId.Create(grainClass.GrainType, key);
    }

    /// <summary>A replacement that takes over the calls queued on a deactivated activation, in order.</summary>
    public GrainActivation(GrainRuntime runtime, GrainClassInfo grainClass, string key, Queue<IGrainWorkItem> pending)
        : this(runtime, grainClass, key)
    {
        _queue = pending;
        _queuedCount = pending.Count;
        _state = ActivationState.Activating;
        _running = true;
    }

    public GrainRuntime Runtime { get; }

    public GrainClassInfo Class { get; }

    public string Key { get; }

    public GrainId Id { get; }

    /// <summary>The grain; set while Valid or Deactivating.</summary>
    public object Instance => _instance!;

    public IServiceProvider Services => _hasScope ? _scope.ServiceProvider : Runtime.Services;

    /// <summary>Completes when the activation is gone (deactivated, failed or abandoned).</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Calls that ran a turn; written only inside turns, read racily by statistics.</summary>
    public long CallCount;

    public bool IsInvalid => _state == ActivationState.Invalid;

    public bool IsBusy => _running;

    public int QueuedCount => Volatile.Read(ref _queuedCount);

    /// <summary>
    /// Claims the turn for a call to run on the caller's thread: only when Valid, idle, nothing queued, and the
    /// caller is on the default task scheduler (grain code must not pick up a caller's custom scheduler).
    /// </summary>
    public bool TryBeginInlineTurn()
    {
        if (TaskScheduler.Current != TaskScheduler.Default)
        {
            return false;
        }

        lock (_lock)
        {
            if (_running || _state != ActivationState.Valid)
            {
                return false;
            }

            _running = true;
            return true;
        }
    }

    /// <summary>
    /// Queues a call. Returns <c>false</c> when the activation is gone, so the caller looks up the directory again.
    /// The first call on a new activation starts its activation.
    /// </summary>
    public bool TryEnqueue(IGrainWorkItem item)
    {
        bool activate = false, pump = false;
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Invalid:
                    return false;
                case ActivationState.Created:
                    _state = ActivationState.Activating;
                    _running = true;
                    activate = true;
                    break;
                case ActivationState.Valid when !_running:
                    _running = true;
                    pump = true;
                    break;
            }

            (_queue ??= new Queue<IGrainWorkItem>()).Enqueue(item);
            _queuedCount++;
        }

        if (activate)
        {
            StartActivation();
        }
        else if (pump)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    /// <summary>
    /// Ends the current turn: starts a requested deactivation, or hands the turn to the next queued call, or goes
    /// idle. Returns <c>true</c> only when <paramref name="continueInline"/> and a queued call should run now on
    /// this thread (the pump loop).
    /// </summary>
    public bool EndTurn(bool continueInline = false)
    {
        var now = Runtime.TimeProvider.GetTimestamp();
        bool pump = false, deactivate = false;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                // Abandoned at shutdown while this turn was still running.
                _running = false;
                return false;
            }

            if (_deactivationReason is not null && _state == ActivationState.Valid)
            {
                _state = ActivationState.Deactivating;
                deactivate = true;
            }
            else if (_queue is { Count: > 0 })
            {
                if (continueInline)
                {
                    return true;
                }

                pump = true;
            }
            else
            {
                _running = false;
                _idleSince = now;
            }
        }

        if (deactivate)
        {
            StartDeactivation();
        }
        else if (pump)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return false;
    }

    /// <summary>Runs queued calls on a thread-pool thread: those that complete synchronously back to back, up to a batch.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        for (var i = 0; i < MaxTurnsPerPump; i++)
        {
            IGrainWorkItem item;
            lock (_lock)
            {
                item = _queue!.Dequeue();
                _queuedCount--;
            }

            if (!item.Execute(this) || !EndTurn(continueInline: true))
            {
                return;
            }
        }

        // Still holding the turn with work queued: yield the thread, keep the order.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Notes a failed turn; <see cref="InconsistentStateException"/> deactivates the activation so state reloads.</summary>
    public void ObserveFailure(Task turn)
    {
        if (turn.Exception is { } aggregate && IsInconsistentState(aggregate))
        {
            RequestDeactivation(new DeactivationReason(
                DeactivationReasonCode.ApplicationError,
                aggregate.GetBaseException(),
                "The grain's stored state changed underneath it (InconsistentStateException); it will reload on the next call."));
        }
    }

    /// <summary>
    /// Deactivates when the current turn ends, or now if the activation is idle. Used by DeactivateOnIdle, after
    /// an InconsistentStateException and at shutdown. Returns <see cref="Deactivated"/>.
    /// </summary>
    public Task RequestDeactivation(DeactivationReason reason)
    {
        bool start = false, drop = false;
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Created:
                    // Never started: nothing to run, nothing queued.
                    RetireLocked(pending: null);
                    drop = true;
                    break;
                case ActivationState.Activating:
                    _deactivationReason ??= reason;
                    break;
                case ActivationState.Valid:
                    _deactivationReason ??= reason;
                    if (!_running)
                    {
                        _state = ActivationState.Deactivating;
                        _running = true;
                        start = true;
                    }

                    break;
            }
        }

        if (drop)
        {
            _deactivated.TrySetResult();
        }
        else if (start)
        {
            StartDeactivation();
        }

        return _deactivated.Task;
    }

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var clock = Runtime.TimeProvider;
        long until;
        if (timeSpan == TimeSpan.MaxValue)
        {
            until = long.MaxValue;
        }
        else if (timeSpan <= TimeSpan.Zero)
        {
            until = 0;
        }
        else
        {
            var ticks = timeSpan.TotalSeconds * clock.TimestampFrequency;
            var now = clock.GetTimestamp();
            until = ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
        }

        lock (_lock)
        {
            _keepAliveUntil = until;
        }
    }

    /// <summary>Starts deactivation if the activation has been idle for at least <paramref name="age"/> at <paramref name="now"/>.</summary>
    public bool TryDeactivateIfIdle(long now, TimeSpan age)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _running || _keepAliveUntil > now
                || Runtime.TimeProvider.GetElapsedTime(_idleSince, now) < age)
            {
                return false;
            }

            _deactivationReason = new DeactivationReason(
                DeactivationReasonCode.ActivationIdle, $"Idle for at least {age}.");
            _state = ActivationState.Deactivating;
            _running = true;
        }

        StartDeactivation();
        return true;
    }

    /// <summary>Gives up on an activation whose turn or deactivation outlived the deactivation timeout at shutdown.</summary>
    public void Abandon()
    {
        Queue<IGrainWorkItem>? pending;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return;
            }

            pending = TakeQueue();
            RetireLocked(pending: null);
        }

        Runtime.OnActivationGone(this, failed: pending);
        _deactivated.TrySetResult();
    }

    private static bool IsInconsistentState(AggregateException aggregate)
    {
        foreach (var exception in aggregate.InnerExceptions)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is InconsistentStateException)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private Queue<IGrainWorkItem>? TakeQueue()
    {
        var pending = _queue;
        _queue = null;
        _queuedCount = 0;
        return pending is { Count: > 0 } ? pending : null;
    }

    /// <summary>
    /// Takes the activation out of the directory, or puts a replacement holding <paramref name="pending"/> in its
    /// place, then marks it Invalid, all in one critical section: callers never find an Invalid activation in the
    /// directory, and forwarded calls keep their place ahead of newer ones.
    /// </summary>
    private GrainActivation? RetireLocked(Queue<IGrainWorkItem>? pending)
    {
        GrainActivation? replacement = null;
        if (pending is null)
        {
            Class.Activations.TryRemove(new KeyValuePair<string, GrainActivation>(Key, this));
        }
        else
        {
            replacement = new GrainActivation(Runtime, Class, Key, pending);
            if (!Class.Activations.TryUpdate(Key, replacement, this))
            {
                // Not reachable while only an activation removes itself; kept so no call is ever lost.
                replacement = Class.Activations.TryAdd(Key, replacement) ? replacement : null;
                _orphaned = replacement is null ? pending : null;
            }
        }

        _state = ActivationState.Invalid;
        return replacement;
    }

    internal void StartActivation()
    {
        Runtime.OnActivationStarting(this);
        ThreadPool.UnsafeQueueUserWorkItem(static a => _ = a.ActivateAsync(), this, preferLocal: false);
    }

    private void StartDeactivation() =>
        ThreadPool.UnsafeQueueUserWorkItem(static a => _ = a.DeactivateAsync(), this, preferLocal: false);

    private async Task ActivateAsync()
    {
        try
        {
            _scope = Runtime.Services.CreateAsyncScope();
            _hasScope = true;
            _instance = Class.CreateInstance(this, _scope.ServiceProvider, out var states);
            foreach (var state in states)
            {
                await state.ReadStateAsync().ConfigureAwait(false);
            }

            if (_instance is Grain grain)
            {
                Task onActivate;
                var previous = RuntimeContext.Enter(this);
                try
                {
                    onActivate = grain.OnActivateAsync(Runtime.ShutdownToken);
                }
                finally
                {
                    RuntimeContext.Exit(previous);
                }

                await onActivate.ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            await FailActivationAsync(exception).ConfigureAwait(false);
            return;
        }

        lock (_lock)
        {
            _state = ActivationState.Valid;
        }

        Runtime.OnActivated(this);
        EndTurn();
    }

    private async Task FailActivationAsync(Exception exception)
    {
        Queue<IGrainWorkItem>? pending;
        lock (_lock)
        {
            _running = false;
            pending = TakeQueue();
            RetireLocked(pending: null);
        }

        Runtime.OnActivationFailed(this, exception);
        if (pending is not null)
        {
            foreach (var item in pending)
            {
                item.Fail(exception);
            }
        }

        await ReleaseAsync().ConfigureAwait(false);
        Runtime.OnActivationGone(this, failed: null);
        _deactivated.TrySetResult();
    }

    private async Task DeactivateAsync()
    {
        DeactivationReason reason;
        lock (_lock)
        {
            reason = _deactivationReason ?? new DeactivationReason(DeactivationReasonCode.None, "Deactivated.");
        }

        if (_instance is Grain grain)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Runtime.DeactivationTimeout);
                Task onDeactivate;
                var previous = RuntimeContext.Enter(this);
                try
                {
                    onDeactivate = grain.OnDeactivateAsync(reason, timeout.Token);
                }
                finally
                {
                    RuntimeContext.Exit(previous);
                }

                await onDeactivate.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Runtime.OnDeactivationFailed(this, exception);
            }
        }

        await ReleaseAsync().ConfigureAwait(false);

        Queue<IGrainWorkItem>? failed = null;
        GrainActivation? replacement;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return; // abandoned meanwhile; already accounted for
            }

            _running = false;
            var pending = TakeQueue();
            if (pending is not null && Runtime.IsShuttingDown)
            {
                failed = pending;
                pending = null;
            }

            replacement = RetireLocked(pending);
        }

        Runtime.OnDeactivated(this, reason);
        Runtime.OnActivationGone(this, failed);
        replacement?.StartActivation();
        if (_orphaned is { } orphaned)
        {
            _orphaned = null;
            Runtime.Redispatch(Class, Key, orphaned);
        }

        _deactivated.TrySetResult();
    }

    private async Task ReleaseAsync()
    {
        var instance = _instance;
        _instance = null;
        try
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            if (_hasScope)
            {
                await _scope.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            Runtime.OnDeactivationFailed(this, exception);
        }
    }
}
