namespace AnnotateHub.Runtime;

/// <summary>
/// A call that could not complete on the caller's thread: it waits in the activation's queue, or its turn is
/// still running. Its task is what the caller awaits; it completes with the grain's result, the grain's exception
/// (same instance), or a <see cref="TimeoutException"/> after the response timeout. The turn itself keeps the
/// activation busy until the grain's task completes, timeout or not.
/// </summary>
internal sealed class GrainCall<TResult> : TaskCompletionSource<TResult>, IGrainWorkItem
{
    private readonly GrainMethodInvoker<TResult> _invoker;
    private readonly GrainProxy _target;
    private readonly long _started;
    private readonly ITimer? _timer;
    private object?[]? _args;
    private GrainActivation? _activation;
    private Task? _turn;

    public GrainCall(GrainMethodInvoker<TResult> invoker, GrainProxy target, object?[] args, long started)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _invoker = invoker;
        _target = target;
        _args = args;
        _started = started;
        var timeout = target.Runtime.ResponseTimeout;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = target.Runtime.TimeProvider.CreateTimer(
                static state => ((GrainCall<TResult>)state!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public bool Execute(GrainActivation activation)
    {
        if (Task.IsCompleted)
        {
            // The caller already got a timeout: like Orleans, an expired request is dropped, not run.
            _args = null;
            return true;
        }

        activation.CallCount++;
        var turn = _invoker.Start(activation.Instance, _args!);
        if (turn.IsCompleted)
        {
            if (!turn.IsCompletedSuccessfully)
            {
                activation.ObserveFailure(turn);
            }

            Complete(turn);
            return true;
        }

        AttachToRunningTurn(activation, turn);
        return false;
    }

    public void Fail(Exception exception)
    {
        _timer?.Dispose();
        _args = null;
        if (TrySetException(exception))
        {
            _target.Runtime.Instruments.CallFailed(_target.Class, _started);
        }
    }

    /// <summary>Follows a turn that is running (started inline or by <see cref="Execute"/>) to its end.</summary>
    public void AttachToRunningTurn(GrainActivation activation, Task turn)
    {
        _activation = activation;
        _turn = turn;
        turn.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnTurnCompleted);
    }

    private void OnTurnCompleted()
    {
        var activation = _activation!;
        var turn = _turn!;
        if (!turn.IsCompletedSuccessfully)
        {
            activation.ObserveFailure(turn);
        }

        // End the turn first: when the caller resumes, the activation has moved on to its next call or is idle.
        activation.EndTurn();
        Complete(turn);
    }

    private void Complete(Task turn)
    {
        _timer?.Dispose();
        _args = null;
        _turn = null;
        bool completed;
        if (turn.IsCompletedSuccessfully)
        {
            completed = TrySetResult(_invoker.GetResult(turn));
        }
        else if (turn.IsCanceled)
        {
            completed = TrySetCanceled(CancellationTokenOf(turn));
        }
        else
        {
            completed = TrySetException(turn.Exception!.InnerExceptions);
        }

        if (completed)
        {
            var instruments = _target.Runtime.Instruments;
            if (turn.IsCompletedSuccessfully)
            {
                instruments.CallSucceeded(_target.Class, _started);
            }
            else
            {
                instruments.CallFailed(_target.Class, _started);
            }
        }
    }

    private void OnTimeout()
    {
        var runtime = _target.Runtime;
        var message =
            $"Grain call timed out after {runtime.ResponseTimeout}: grain type '{_target.Class.GrainType}' " +
            $"({_target.Class.GrainClass.Name}), key '{_target.Key}', method {_invoker.DisplayName}. " +
            "The activation stays busy until the call completes.";
        if (TrySetException(new TimeoutException(message)))
        {
            runtime.Instruments.CallFailed(_target.Class, _started);
            runtime.Log.CallTimedOut(_target.GrainId, _invoker.DisplayName, runtime.ResponseTimeout);
        }
    }

    private static CancellationToken CancellationTokenOf(Task canceled)
    {
        try
        {
            canceled.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException exception)
        {
            return exception.CancellationToken;
        }

        return CancellationToken.None;
    }
}
