namespace AnnotateHub.Storage.Tests.Contract;

/// <summary>Awaits with a deadline whose failure message says what was awaited (no sleeps anywhere in the suite).</summary>
public static class Timeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task WithTimeout(this Task task, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {awaited}.");
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, string awaited, TimeSpan? timeout = null)
    {
        await ((Task)task).WithTimeout(awaited, timeout);
        return await task;
    }

    /// <summary>Awaits a task that must fail with <typeparamref name="TException"/> (or a subclass), within the deadline.</summary>
    public static async Task<TException> ShouldFailWith<TException>(this Task task, string awaited, TimeSpan? timeout = null)
        where TException : Exception
    {
        var limit = timeout ?? Default;
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {awaited} to fail with {typeof(TException).Name}.");
        }
        catch (TException expected)
        {
            return expected;
        }

        throw new Xunit.Sdk.XunitException($"Expected {awaited} to fail with {typeof(TException).Name}, but it succeeded.");
    }
}
