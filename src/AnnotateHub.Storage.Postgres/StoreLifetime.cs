namespace AnnotateHub.Storage.Postgres;

/// <summary>
/// Counts the operations in flight so that disposing the store lets them finish (an acknowledged write is a committed
/// one) while new operations are refused with <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class StoreLifetime(string objectName)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;
    private int _closing;

    /// <summary>Starts an operation; dispose the result when it ends.</summary>
    /// <exception cref="ObjectDisposedException">The store is closing or closed.</exception>
    public Operation Enter()
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _closing) != 0)
        {
            Exit();
            throw new ObjectDisposedException(objectName);
        }

        return new Operation(this);
    }

    /// <summary>Refuses new operations; completes when the ones in flight have ended. Returns true for the first caller.</summary>
    public bool Close(out Task drained)
    {
        drained = _drained.Task;
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        if (Volatile.Read(ref _active) == 0)
        {
            _drained.TrySetResult();
        }

        return true;
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0 && Volatile.Read(ref _closing) != 0)
        {
            _drained.TrySetResult();
        }
    }

    public readonly struct Operation(StoreLifetime lifetime) : IDisposable
    {
        public void Dispose() => lifetime.Exit();
    }
}
