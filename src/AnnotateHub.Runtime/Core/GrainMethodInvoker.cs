namespace AnnotateHub.Runtime;

/// <summary>Turns a proxy call into a grain call: one per grain interface method, with a compiled, typed delegate.</summary>
internal abstract class GrainMethodInvoker(string displayName)
{
    /// <summary>Interface and method, e.g. <c>IDocumentGrain.GetAsync</c>.</summary>
    public string DisplayName { get; } = displayName;

    /// <summary>Calls the grain behind <paramref name="proxy"/>; returns what the interface method returns.</summary>
    public abstract object? Invoke(GrainProxy proxy, object?[] args);
}

/// <summary>
/// The call path, shared by all return shapes. Fast path: when the activation is idle, the call runs on the
/// caller's thread (with no <see cref="SynchronizationContext"/>), and a synchronously completed result goes back
/// as is. Otherwise a <see cref="GrainCall{TResult}"/> queues it or follows the running turn.
/// </summary>
internal abstract class GrainMethodInvoker<TResult>(string displayName) : GrainMethodInvoker(displayName)
{
    public sealed override object? Invoke(GrainProxy proxy, object?[] args)
    {
        var runtime = proxy.Runtime;
        var grainClass = proxy.Class;
        var started = runtime.Instruments.CallStarted(grainClass);
        var activation = proxy.GetActivation();
        if (activation is not null && activation.TryBeginInlineTurn())
        {
            bool completed;
            object? value;
            Task? turn;
            var context = SynchronizationContext.Current;
            if (context is not null)
            {
                SynchronizationContext.SetSynchronizationContext(null);
            }

            try
            {
                completed = TryRunCompleted(activation.Instance, args, out value, out turn);
            }
            finally
            {
                if (context is not null)
                {
                    SynchronizationContext.SetSynchronizationContext(context);
                }
            }

            activation.CallCount++;
            if (completed)
            {
                activation.EndTurn();
                runtime.Instruments.CallSucceeded(grainClass, started);
                return value;
            }

            if (turn!.IsCompleted)
            {
                // Failed synchronously, or finished on another thread since TryRunCompleted looked.
                var succeeded = turn.IsCompletedSuccessfully;
                if (!succeeded)
                {
                    activation.ObserveFailure(turn);
                }

                activation.EndTurn();
                if (succeeded)
                {
                    runtime.Instruments.CallSucceeded(grainClass, started);
                }
                else
                {
                    runtime.Instruments.CallFailed(grainClass, started);
                }

                return Wrap(turn);
            }

            var running = new GrainCall<TResult>(this, proxy, args, started);
            running.AttachToRunningTurn(activation, turn);
            return Wrap(running.Task);
        }

        var call = new GrainCall<TResult>(this, proxy, args, started);
        while (true)
        {
            if (activation is null)
            {
                call.Fail(runtime.ShuttingDownException(proxy.GrainId));
                break;
            }

            if (activation.TryEnqueue(call))
            {
                break;
            }

            activation = proxy.RefreshActivation(activation);
        }

        return Wrap(call.Task);
    }

    /// <summary>
    /// Runs the method on the grain. Returns <c>true</c> and the interface's return value when it completed
    /// successfully; otherwise <c>false</c> and the grain's task (faulted, canceled or running). Never throws.
    /// </summary>
    protected abstract bool TryRunCompleted(object grain, object?[] args, out object? value, out Task? turn);

    /// <summary>Runs the method on the grain as a task. Never throws.</summary>
    public abstract Task Start(object grain, object?[] args);

    /// <summary>The result of a successfully completed task from <see cref="Start"/>.</summary>
    public abstract TResult GetResult(Task completed);

    /// <summary>Converts a task (a faulted grain task, or a call's <see cref="Task{TResult}"/>) to the interface's return type.</summary>
    protected abstract object Wrap(Task task);
}

/// <summary>A method returning <see cref="Task{T}"/>.</summary>
internal sealed class TaskInvoker<T>(string displayName, Func<object, object?[], Task<T>> method)
    : GrainMethodInvoker<T>(displayName)
{
    protected override bool TryRunCompleted(object grain, object?[] args, out object? value, out Task? turn)
    {
        var task = Run(grain, args);
        if (task.IsCompletedSuccessfully)
        {
            value = task;
            turn = null;
            return true;
        }

        value = null;
        turn = task;
        return false;
    }

    public override Task Start(object grain, object?[] args) => Run(grain, args);

    public override T GetResult(Task completed) => ((Task<T>)completed).Result;

    protected override object Wrap(Task task) => task;

    private Task<T> Run(object grain, object?[] args)
    {
        try
        {
            return method(grain, args);
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }
}

/// <summary>A method returning <see cref="Task"/>.</summary>
internal sealed class VoidTaskInvoker(string displayName, Func<object, object?[], Task> method)
    : GrainMethodInvoker<object?>(displayName)
{
    protected override bool TryRunCompleted(object grain, object?[] args, out object? value, out Task? turn)
    {
        var task = Start(grain, args);
        if (task.IsCompletedSuccessfully)
        {
            value = task;
            turn = null;
            return true;
        }

        value = null;
        turn = task;
        return false;
    }

    public override Task Start(object grain, object?[] args)
    {
        try
        {
            return method(grain, args);
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    public override object? GetResult(Task completed) => null;

    protected override object Wrap(Task task) => task;
}

/// <summary>A method returning <see cref="ValueTask{T}"/>.</summary>
internal sealed class ValueTaskInvoker<T>(string displayName, Func<object, object?[], ValueTask<T>> method)
    : GrainMethodInvoker<T>(displayName)
{
    protected override bool TryRunCompleted(object grain, object?[] args, out object? value, out Task? turn)
    {
        var task = Run(grain, args);
        if (task.IsCompletedSuccessfully)
        {
            value = task;
            turn = null;
            return true;
        }

        value = null;
        turn = task.AsTask();
        return false;
    }

    public override Task Start(object grain, object?[] args) => Run(grain, args).AsTask();

    public override T GetResult(Task completed) => ((Task<T>)completed).Result;

    protected override object Wrap(Task task) => new ValueTask<T>((Task<T>)task);

    private ValueTask<T> Run(object grain, object?[] args)
    {
        try
        {
            return method(grain, args);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<T>(exception);
        }
    }
}

/// <summary>A method returning <see cref="ValueTask"/>.</summary>
internal sealed class VoidValueTaskInvoker(string displayName, Func<object, object?[], ValueTask> method)
    : GrainMethodInvoker<object?>(displayName)
{
    protected override bool TryRunCompleted(object grain, object?[] args, out object? value, out Task? turn)
    {
        var task = Run(grain, args);
        if (task.IsCompletedSuccessfully)
        {
            value = task;
            turn = null;
            return true;
        }

        value = null;
        turn = task.AsTask();
        return false;
    }

    public override Task Start(object grain, object?[] args) => Run(grain, args).AsTask();

    public override object? GetResult(Task completed) => null;

    protected override object Wrap(Task task) => new ValueTask(task);

    private ValueTask Run(object grain, object?[] args)
    {
        try
        {
            return method(grain, args);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }
}
