using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Runtime.Tests;

public sealed class ActivationTests
{
    private static readonly TimeSpan CollectionAge = new GrainCollectionOptions().CollectionAge;

    [Fact]
    public async Task GivenManyConcurrentFirstCalls_WhenTheyRaceForTheSameKey_ThenOneActivationServesThemAll()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return await runtime.GrainFactory.GetGrain<ICounterGrain>("race").GetActivationIdAsync();
        })).ToList();
        go.SetResult();
        var ids = await Task.WhenAll(calls).Within("64 concurrent first calls");

        Assert.Single(ids.Distinct());
        Assert.Equal(1, runtime.Events().Count("activate:race"));
        Assert.Equal(1, runtime.GetStatistics().Activations);
    }

    [Fact]
    public async Task GivenIdleActivation_WhenCollectionAgePasses_ThenItDeactivatesAndTheNextCallReloadsStateFromStorage()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock);
        var grain = runtime.GrainFactory.GetGrain<ICounterGrain>("idle");
        Assert.Equal(1, await grain.IncrementAsync().Within("increment"));
        var first = await grain.GetActivationIdAsync().Within("activation id");

        clock.Advance(CollectionAge - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await runtime.CollectIdleActivationsAsync().Within("collection before the age"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await runtime.CollectIdleActivationsAsync().Within("collection at the age"));

        Assert.Equal(1, runtime.Events().Count("deactivate:idle:ActivationIdle"));
        Assert.Equal(0, runtime.GetStatistics().Activations);

        // Someone else changes the stored state while no activation holds it.
        var id = GrainId.Create("counter", "idle");
        var stored = new GrainState<CounterState>();
        await runtime.DefaultStorage().ReadStateAsync("counter", id, stored);
        stored.State = new CounterState(41);
        await runtime.DefaultStorage().WriteStateAsync("counter", id, stored);

        Assert.Equal(41, await grain.GetAsync().Within("call after collection"));
        Assert.NotEqual(first, await grain.GetActivationIdAsync().Within("activation id after collection"));
        Assert.Equal(1, runtime.Events().Count("activate:idle:41"));
    }

    [Fact]
    public async Task GivenActivationInUse_WhenCollectionAgePassesSinceItsLastCall_ThenOnlyThenIsItCollected()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock);
        var grain = runtime.GrainFactory.GetGrain<ICounterGrain>("busy");
        await grain.IncrementAsync().Within("first call");

        clock.Advance(CollectionAge - TimeSpan.FromMinutes(1));
        await grain.GetAsync().Within("a later call");
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, await runtime.CollectIdleActivationsAsync().Within("collection"));
    }

    [Fact]
    public async Task GivenGrainCallsDeactivateOnIdle_WhenTheCallCompletes_ThenItDeactivatesAndTheNextCallGetsANewActivation()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<ICounterGrain>("doi");
        var first = await grain.GetActivationIdAsync().Within("activation id");

        await grain.DeactivateOnIdleAsync().Within("DeactivateOnIdle call");
        await runtime.Events().WhenCount("deactivate:doi", 1).Within("OnDeactivateAsync after DeactivateOnIdle");

        Assert.Equal(1, runtime.Events().Count("deactivate:doi:ApplicationRequested"));
        Assert.NotEqual(first, await grain.GetActivationIdAsync().Within("activation id after deactivation"));
        Assert.Equal(2, runtime.Events().Count("activate:doi"));
    }

    [Fact]
    public async Task GivenGrainDelayedItsDeactivation_WhenOnlyTheCollectionAgePasses_ThenItStaysUntilTheDelayEnds()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock);
        var grain = runtime.GrainFactory.GetGrain<ICounterGrain>("delayed");
        await grain.DelayDeactivationAsync(TimeSpan.FromHours(1)).Within("DelayDeactivation call");

        clock.Advance(CollectionAge + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await runtime.CollectIdleActivationsAsync().Within("collection within the delay"));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await runtime.CollectIdleActivationsAsync().Within("collection after the delay"));
    }

    [Fact]
    public async Task GivenOnActivateAsyncThrows_WhenCalled_ThenTheCallerGetsTheExceptionAndTheNextCallTriesAFreshActivation()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<IBrokenActivationGrain>("broken");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetAsync().Within("call to a failing activation"));
        Assert.Equal("activation refused", error.Message);
        Assert.Equal(0, runtime.GetStatistics().Activations);

        runtime.Services.GetRequiredService<ActivationSwitch>().Fail = false;
        Assert.Equal("activated", await grain.GetAsync().Within("call after the failure"));
    }

    [Fact]
    public async Task GivenRuntime_WhenDisposed_ThenEveryActivationRunsOnDeactivateAndLaterCallsFail()
    {
        var runtime = TestRuntime.Create(new ManualTimeProvider());
        foreach (var key in new[] { "a", "b", "c" })
        {
            await runtime.GrainFactory.GetGrain<ICounterGrain>(key).IncrementAsync().Within($"increment {key}");
        }

        var events = runtime.Events();
        await runtime.DisposeAsync().AsTask().Within("runtime disposal");

        Assert.Equal(3, events.Events.Count(e => e.EndsWith(":ShuttingDown", StringComparison.Ordinal)));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => runtime.GrainFactory.GetGrain<ICounterGrain>("a").GetAsync().Within("call after shutdown"));
        Assert.Contains("shutting down", error.Message, StringComparison.Ordinal);
    }
}
