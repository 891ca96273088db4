using Orleans.Placement;

namespace AnnotateHub.Benchmarks;

/// <summary>The benchmark's empty grain: the baseline of a grain call.</summary>
[Alias("annotatehub.bench.ping")]
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Returns an already completed task: all the cost of a call is Orleans's call path.</summary>
    Task<int> PingAsync();
}

/// <summary>Placed in the silo that first calls it, so that a benchmark knows where it lives.</summary>
[PreferLocalPlacement]
public sealed class PingGrain : Grain, IPingGrain
{
    private static readonly Task<int> Pong = Task.FromResult(42);

    public Task<int> PingAsync() => Pong;
}
