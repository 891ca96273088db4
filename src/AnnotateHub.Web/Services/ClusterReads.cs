using System.Diagnostics;
using Orleans.Runtime;

namespace AnnotateHub.Web.Services;

/// <summary>
/// Reads that ride out a node's death. When a node of the cluster dies, the grains it held stay addressed to it until the
/// others declare it dead (a few seconds, see <c>Cluster:ProbeTimeout</c>); a call sent there in the meantime is rejected
/// without being delivered. A read is safe to send again, so the page or API request waits for the grain to come back on
/// a live node instead of failing. Writes are never retried here: the person sees the error and their text stays.
/// </summary>
public static class ClusterReads
{
    /// <summary>How long a read waits for a dead node's grains to move: longer than failure detection takes.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var started = Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await read();
            }
            catch (OrleansMessageRejectionException) when (Stopwatch.GetElapsedTime(started) + delay < Patience)
            {
                // the target node is gone (or going): not delivered, so nothing happened; try again once it has moved
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
