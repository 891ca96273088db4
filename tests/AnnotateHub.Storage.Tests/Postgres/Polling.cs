using AnnotateHub.Storage.Tests.Contract;

namespace AnnotateHub.Storage.Tests.Postgres;

/// <summary>
/// Waits for a condition the server reports (a session waiting for a lock...), asking again as soon as the last answer
/// came: no fixed sleep. Gives up after the deadline with a message that says what was awaited.
/// </summary>
internal static class Polling
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeouts.Default;
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
