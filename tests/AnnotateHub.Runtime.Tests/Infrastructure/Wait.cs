namespace AnnotateHub.Runtime.Tests.Infrastructure;

/// <summary>Real-time guards for awaits, so a broken runtime fails a test with a message instead of hanging it.</summary>
public static class Wait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// <summary>Awaits <paramref name="task"/>, failing with a message naming <paramref name="awaited"/> if it takes longer than <see cref="Limit"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, string awaited)
    {
        await ((Task)task).Within(awaited);
        return await task;
    }

    /// <inheritdoc cref="Within{T}(Task{T}, string)"/>
    public static async Task Within(this Task task, string awaited)
    {
        using var cancel = new CancellationTokenSource();
        var finished = await Task.WhenAny(task, Task.Delay(Limit, cancel.Token));
        if (finished != task)
        {
            throw new TimeoutException($"Timed out after {Limit.TotalSeconds:0}s waiting for {awaited}.");
        }

        await cancel.CancelAsync();
        await task;
    }

    /// <inheritdoc cref="Within{T}(Task{T}, string)"/>
    public static Task<T> Within<T>(this ValueTask<T> task, string awaited) => task.AsTask().Within(awaited);

    /// <inheritdoc cref="Within{T}(Task{T}, string)"/>
    public static Task Within(this ValueTask task, string awaited) => task.AsTask().Within(awaited);

    /// <summary>Waits until <paramref name="condition"/> holds, polling; for effects that have no event to await.</summary>
    public static async Task Until(Func<bool> condition, string awaited)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Limit.TotalSeconds:0}s waiting for {awaited}.");
            }

            await Task.Yield();
        }
    }
}
