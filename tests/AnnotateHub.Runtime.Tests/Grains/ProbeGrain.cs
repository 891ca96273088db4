using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests.Grains;

public sealed record ProbeReport(int Calls, int MaxInside);

public sealed record ContextReport(bool ContextBeforeAwait, bool ContextAfterAwait, int ThreadBefore, int ThreadAfter);

public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Records how many calls are inside the grain at once, across an await.</summary>
    Task<int> EnterAsync();

    Task<ProbeReport> ReportAsync();

    /// <summary>Awaits the gate named <paramref name="gate"/>, logging "enter:{label}" first and "exit:{label}" after.</summary>
    Task<string> WaitAtGateAsync(string gate, string label);

    /// <summary>What SynchronizationContext the grain code sees.</summary>
    Task<ContextReport> ObserveContextAsync();

    /// <summary>Calls itself and waits for the answer: deadlocks until the response timeout, as in Orleans.</summary>
    Task<int> CallSelfAsync();

    Task<int> PingAsync();
}

public sealed class ProbeGrain(EventLog log, Gates gates) : Grain, IProbeGrain
{
    private int _inside;
    private int _maxInside;
    private int _calls;

    public async Task<int> EnterAsync()
    {
        var inside = Interlocked.Increment(ref _inside);
        _maxInside = Math.Max(_maxInside, inside);
        await Task.Yield();
        await Task.Delay(0);
        _calls++;
        Interlocked.Decrement(ref _inside);
        return _calls;
    }

    public Task<ProbeReport> ReportAsync() => Task.FromResult(new ProbeReport(_calls, _maxInside));

    public async Task<string> WaitAtGateAsync(string gate, string label)
    {
        log.Record($"enter:{label}");
        await gates.WaitAsync(gate);
        log.Record($"exit:{label}");
        return label;
    }

    public async Task<ContextReport> ObserveContextAsync()
    {
        var before = SynchronizationContext.Current is not null;
        var threadBefore = Environment.CurrentManagedThreadId;
        await Task.Yield();
        return new ContextReport(before, SynchronizationContext.Current is not null, threadBefore, Environment.CurrentManagedThreadId);
    }

    public async Task<int> CallSelfAsync()
    {
        var answer = GrainFactory.GetGrain<IProbeGrain>(this.GetPrimaryKeyString()).PingAsync();
        log.Record("called-self");
        return await answer;
    }

    public Task<int> PingAsync() => Task.FromResult(42);
}
