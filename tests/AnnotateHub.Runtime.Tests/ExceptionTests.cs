using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class ExceptionTests
{
    [Fact]
    public async Task GivenGrainThrowsAfterAnAwait_WhenCalled_ThenTheCallerGetsTheSameExceptionAndTheActivationSurvives()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<IFaultyGrain>("async");
        var before = await grain.GetActivationIdAsync().Within("activation id");
        var thrown = new GrainFailure("failed after await");

        var caught = await Assert.ThrowsAsync<GrainFailure>(() => grain.ThrowAfterAwaitAsync(thrown).Within("failing call"));

        Assert.Same(thrown, caught);
        Assert.Equal("failed after await", caught.Message);
        Assert.Equal(before, await grain.GetActivationIdAsync().Within("activation id after the failure"));
    }

    [Fact]
    public async Task GivenGrainThrowsBeforeReturningATask_WhenCalled_ThenTheCallerGetsTheSameExceptionFromTheTask()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<IFaultyGrain>("sync");
        var before = await grain.GetActivationIdAsync().Within("activation id");
        var thrown = new ArgumentException("bad argument", "value");

        var call = grain.ThrowSynchronouslyAsync(thrown);
        var caught = await Assert.ThrowsAsync<ArgumentException>(() => call.Within("failing call"));

        Assert.Same(thrown, caught);
        Assert.Equal(before, await grain.GetActivationIdAsync().Within("activation id after the failure"));
        Assert.Equal(1, runtime.GetStatistics().FailedCalls);
    }
}
