using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task GivenOneCaller_WhenItIssuesCallsWithoutAwaiting_ThenTheGrainRunsThemInOrder()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<ISequenceGrain>("order");

        // First while the activation is still being created (calls queue), then on the active grain (calls may run inline).
        var whileActivating = Enumerable.Range(0, 150).Select(i => grain.AppendAsync(i, yieldFirst: i % 3 == 0)).ToList();
        await Task.WhenAll(whileActivating).Within("150 appends while activating");
        var whileActive = Enumerable.Range(150, 150).Select(i => grain.AppendAsync(i, yieldFirst: i % 3 == 0)).ToList();
        await Task.WhenAll(whileActive).Within("150 appends on the active grain");

        Assert.Equal(Enumerable.Range(0, 300), await grain.GetAsync().Within("the appended sequence"));
    }

    [Fact]
    public async Task GivenThousandConcurrentCallers_WhenEachCallAwaitsInsideTheGrain_ThenNoTwoCallsInterleave()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<IProbeGrain>("interleave");
        await grain.PingAsync().Within("activation");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 1000).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return await grain.EnterAsync();
        })).ToList();
        go.SetResult();
        var ordinals = await Task.WhenAll(calls).Within("1,000 concurrent calls");

        var report = await grain.ReportAsync().Within("the probe's report");
        Assert.Equal(1, report.MaxInside);
        Assert.Equal(1000, report.Calls);
        Assert.Equal(Enumerable.Range(1, 1000), ordinals.Order());
    }

    [Fact]
    public async Task GivenCallerOnASynchronizationContext_WhenTheGrainRunsOnItsThread_ThenGrainCodeNeverSeesThatContext()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<IProbeGrain>("context");
        await grain.PingAsync().Within("activation");
        var circuit = new CountingSynchronizationContext();

        var report = await Task.Run(() =>
        {
            SynchronizationContext.SetSynchronizationContext(circuit);
            try
            {
                return grain.ObserveContextAsync();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(null);
            }
        }).Within("the context probe");

        Assert.False(report.ContextBeforeAwait, "grain code ran with the caller's SynchronizationContext");
        Assert.False(report.ContextAfterAwait, "the grain's continuation picked up the caller's SynchronizationContext");
        Assert.Equal(0, circuit.Posts);
    }

    [Fact]
    public async Task GivenIdleActivation_WhenTheGrainCompletesSynchronously_ThenTheCallerGetsACompletedTask()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<IProbeGrain>("sync");
        await grain.PingAsync().Within("activation");

        var call = grain.PingAsync();

        Assert.True(call.IsCompletedSuccessfully);
        Assert.Equal(42, await call);
    }

    private sealed class CountingSynchronizationContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }
}
