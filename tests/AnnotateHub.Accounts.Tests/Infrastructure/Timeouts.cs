namespace AnnotateHub.Accounts.Tests.Infrastructure;

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

    /// <summary>Asks <paramref name="condition"/> again as soon as it answered, until it holds or the deadline passes.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        using var deadline = new CancellationTokenSource(limit);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {awaited}.");
            }

            await Task.Yield();
        }
    }
}
