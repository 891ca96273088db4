using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnnotateHub.Runtime.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task GivenHostedRuntime_WhenTheClockPassesTheCollectionAge_ThenTheCollectorDeactivatesIdleActivations()
    {
        var clock = new ManualTimeProvider();
        using var host = BuildHost(clock);
        await host.StartAsync().Within("host start");
        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("hosted");
        await grain.IncrementAsync().Within("increment");

        clock.Advance(TimeSpan.FromMinutes(16));

        await host.Services.GetRequiredService<EventLog>().WhenCount("deactivate:hosted:ActivationIdle", 1)
            .Within("the hosted collector to deactivate the idle activation");
        await host.StopAsync().Within("host stop");
    }

    [Fact]
    public async Task GivenHostedRuntime_WhenTheHostStops_ThenEveryActivationRunsOnDeactivate()
    {
        var clock = new ManualTimeProvider();
        using var host = BuildHost(clock);
        await host.StartAsync().Within("host start");
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        await factory.GetGrain<ICounterGrain>("one").IncrementAsync().Within("increment one");
        await factory.GetGrain<ICounterGrain>("two").IncrementAsync().Within("increment two");

        await host.StopAsync().Within("host stop");

        var events = host.Services.GetRequiredService<EventLog>();
        Assert.Equal(1, events.Count("deactivate:one:ShuttingDown"));
        Assert.Equal(1, events.Count("deactivate:two:ShuttingDown"));
        Assert.Equal(0, host.Services.GetRequiredService<IGrainRuntimeInspector>().GetStatistics().Activations);
    }

    [Fact]
    public void GivenServiceCollection_WhenTheRuntimeIsAdded_ThenFactoryInspectorAndRuntimeAreOneInstance()
    {
        var services = new ServiceCollection();
        services.AddGrainRuntime().AddGrain<ICounterGrain, CounterGrain>().AddMemoryGrainStorageAsDefault();
        using var provider = services.BuildServiceProvider();

        var runtime = provider.GetRequiredService<GrainRuntime>();

        Assert.Same(runtime, provider.GetRequiredService<IGrainFactory>());
        Assert.Same(runtime, provider.GetRequiredService<IGrainRuntimeInspector>());
        Assert.Same(TimeProvider.System, runtime.TimeProvider);
    }

    [Fact]
    public void GivenInvalidOptions_WhenTheRuntimeIsCreated_ThenTheErrorNamesTheOption()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => GrainRuntime.Create(s => s.AddGrainRuntime(o => o.ResponseTimeout = TimeSpan.Zero)));

        Assert.Contains("ResponseTimeout", error.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(ManualTimeProvider clock)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<EventLog>();
        builder.Services.AddGrainRuntime().AddGrain<ICounterGrain, CounterGrain>().AddMemoryGrainStorageAsDefault();
        return builder.Build();
    }
}
