using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class TimeoutTests
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task GivenCallThatDoesNotComplete_WhenResponseTimeoutPasses_ThenTheCallerGetsATimeoutNamingGrainKeyAndMethod()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock, o => o.ResponseTimeout = ResponseTimeout);
        var grain = runtime.GrainFactory.GetGrain<IProbeGrain>("slow");
        var events = runtime.Events();

        var first = grain.WaitAtGateAsync("first-gate", "first");
        await events.WhenCount("enter:first", 1).Within("the first call to start");
        clock.Advance(TimeSpan.FromSeconds(3));
        var second = grain.WaitAtGateAsync("second-gate", "second");
        clock.Advance(TimeSpan.FromSeconds(2));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => first.Within("the first call's timeout"));
        Assert.Contains("'probe'", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("'slow'", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("IProbeGrain.WaitAtGateAsync", timeout.Message, StringComparison.Ordinal);

        // The timed-out turn still holds the activation: the second call has not started.
        Assert.Equal(0, events.Count("enter:second"));
        Assert.False(second.IsCompleted);

        runtime.Gates().Open("first-gate");
        await events.WhenCount("enter:second", 1).Within("the second call to start after the first turn ended");
        Assert.Equal(1, events.Count("exit:first"));
        runtime.Gates().Open("second-gate");
        Assert.Equal("second", await second.Within("the second call"));
    }

    [Fact]
    public async Task GivenGrainCallingItself_WhenResponseTimeoutPasses_ThenTheDeadlockEndsInATimeoutAndTheGrainRecovers()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock, o => o.ResponseTimeout = ResponseTimeout);
        var grain = runtime.GrainFactory.GetGrain<IProbeGrain>("self");

        var call = grain.CallSelfAsync();
        await runtime.Events().WhenCount("called-self", 1).Within("the grain to call itself");
        Assert.False(call.IsCompleted);
        clock.Advance(ResponseTimeout);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call.Within("the self-call's timeout"));
        Assert.Contains("IProbeGrain.CallSelfAsync", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(42, await grain.PingAsync().Within("a call after the deadlock"));
    }
}
