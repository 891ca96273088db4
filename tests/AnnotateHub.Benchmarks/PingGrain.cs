using AnnotateHub.Runtime;

namespace AnnotateHub.Benchmarks;

/// <summary>The trivial grain of the call benchmarks.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Returns an already completed task: all the cost of a call is the call path.</summary>
    Task<int> PingAsync();
}

public sealed class PingGrain : Grain, IPingGrain
{
    private static readonly Task<int> Pong = Task.FromResult(42);

    public Task<int> PingAsync() => Pong;
}
