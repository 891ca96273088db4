using AnnotateHub.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Runtime.Tests.Infrastructure;

/// <summary>A runtime on a manual clock with every test grain registered and a default memory storage.</summary>
public static class TestRuntime
{
    public static GrainRuntime Create(
        ManualTimeProvider clock,
        Action<GrainRuntimeOptions>? configure = null,
        Action<IServiceCollection>? services = null) =>
        GrainRuntime.Create(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<EventLog>();
            s.AddSingleton<Gates>();
            s.AddSingleton<ActivationSwitch>();
            s.AddGrainRuntime(configure)
                .AddGrain<ICounterGrain, CounterGrain>()
                .AddGrain<ISequenceGrain, SequenceGrain>()
                .AddGrain<IProbeGrain, ProbeGrain>()
                .AddGrain<IFaultyGrain, FaultyGrain>()
                .AddGrain<IGreeterGrain, GreeterGrain>()
                .AddGrain<INameGrain, NameGrain>()
                .AddGrain<IRoomGrain, RoomGrain>()
                .AddGrain<IBrokenActivationGrain, BrokenActivationGrain>()
                .AddMemoryGrainStorageAsDefault();
            services?.Invoke(s);
        });

    public static EventLog Events(this GrainRuntime runtime) => runtime.Services.GetRequiredService<EventLog>();

    public static Gates Gates(this GrainRuntime runtime) => runtime.Services.GetRequiredService<Gates>();

    public static IGrainStorage DefaultStorage(this GrainRuntime runtime) =>
        runtime.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DefaultStorageProviderName);
}
