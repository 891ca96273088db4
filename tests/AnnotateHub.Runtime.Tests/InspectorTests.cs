using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class InspectorTests
{
    [Fact]
    public async Task GivenABusyGrainWithCallsWaiting_WhenInspected_ThenActivationsQueuesAndTotalsShow()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var events = runtime.Events();
        await runtime.GrainFactory.GetGrain<ICounterGrain>("a").IncrementAsync().Within("increment a");
        await runtime.GrainFactory.GetGrain<ICounterGrain>("b").IncrementAsync().Within("increment b");
        var probe = runtime.GrainFactory.GetGrain<IProbeGrain>("busy");
        var running = probe.WaitAtGateAsync("gate", "running");
        await events.WhenCount("enter:running", 1).Within("the running call to start");
        var waiting = new[] { probe.WaitAtGateAsync("gate", "w1"), probe.WaitAtGateAsync("gate", "w2") };

        var busy = runtime.GetStatistics();

        var counters = Assert.Single(busy.GrainTypes, t => t.GrainType == "counter");
        Assert.Equal(2, counters.Activations);
        Assert.Equal(2, counters.Calls);
        Assert.Equal(0, counters.BusyActivations);
        var probes = Assert.Single(busy.GrainTypes, t => t.GrainType == "probe");
        Assert.Equal(1, probes.Activations);
        Assert.Equal(1, probes.BusyActivations);
        Assert.Equal(2, probes.QueuedCalls);
        Assert.Equal(3, busy.Activations);
        Assert.Equal(2, busy.QueuedCalls);
        Assert.Equal(3, busy.ActivationsCreated);

        runtime.Gates().Open("gate");
        await Task.WhenAll([running, .. waiting]).Within("the gated calls");
        var idle = runtime.GetStatistics();
        Assert.Equal(0, idle.QueuedCalls);
        Assert.Equal(5, idle.Calls);
        Assert.Equal(0, idle.FailedCalls);
    }
}
