using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Runtime;

/// <summary>Registers the grain runtime, grains and storage providers.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime: <see cref="GrainRuntime"/>, <see cref="IGrainFactory"/>,
    /// <see cref="IGrainRuntimeInspector"/>, a <see cref="TimeProvider"/> (the system clock unless one is
    /// registered) and a hosted service that collects idle activations and deactivates all of them on stop.
    /// Safe to call more than once; each <paramref name="configure"/> is applied.
    /// </summary>
    public static GrainRuntimeBuilder AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.AddLogging();
        services.AddMetrics();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GrainRuntime(
            sp,
            sp.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value,
            sp.GetRequiredService<IOptions<GrainCollectionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetServices<GrainRegistration>(),
            sp.GetServices<GrainStorageRegistration>()));
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton<IGrainRuntimeInspector>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GrainRuntimeHostedService>());
        return new GrainRuntimeBuilder(services);
    }

    /// <summary>Adds a named grain storage provider, used by <c>[PersistentState("state", "<paramref name="name"/>")]</c>.</summary>
    public static IServiceCollection AddGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, IGrainStorage> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddKeyedSingleton(name, (sp, _) => factory(sp));
        if (!services.Any(d => d.ImplementationInstance is GrainStorageRegistration r && string.Equals(r.Name, name, StringComparison.Ordinal)))
        {
            services.AddSingleton(new GrainStorageRegistration(name));
        }

        return services;
    }

    /// <summary>Adds the default grain storage provider (<see cref="ProviderConstants.DefaultStorageProviderName"/>), used when a state names no storage.</summary>
    public static IServiceCollection AddGrainStorageAsDefault(this IServiceCollection services, Func<IServiceProvider, IGrainStorage> factory) =>
        services.AddGrainStorage(ProviderConstants.DefaultStorageProviderName, factory);

    /// <summary>Adds a named <see cref="MemoryGrainStorage"/>.</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name, Action<MemoryGrainStorageOptions>? configure = null)
    {
        var options = new MemoryGrainStorageOptions();
        configure?.Invoke(options);
        return services.AddGrainStorage(name, _ => new MemoryGrainStorage(name, options));
    }

    /// <summary>Adds a <see cref="MemoryGrainStorage"/> as the default storage provider.</summary>
    public static IServiceCollection AddMemoryGrainStorageAsDefault(this IServiceCollection services, Action<MemoryGrainStorageOptions>? configure = null) =>
        services.AddMemoryGrainStorage(ProviderConstants.DefaultStorageProviderName, configure);
}

/// <summary>Continues <see cref="GrainRuntimeServiceCollectionExtensions.AddGrainRuntime"/>: grains, storage, collection.</summary>
public sealed class GrainRuntimeBuilder
{
    internal GrainRuntimeBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Binds a grain interface to the grain class that implements it.</summary>
    public GrainRuntimeBuilder AddGrain<TInterface, TGrain>()
        where TInterface : IGrainWithStringKey
        where TGrain : class, TInterface
    {
        var registration = new GrainRegistration(typeof(TInterface), typeof(TGrain));
        if (!Services.Any(d => Equals(d.ImplementationInstance, registration)))
        {
            Services.AddSingleton(registration);
        }

        return this;
    }

    /// <summary>Adds a named grain storage provider.</summary>
    public GrainRuntimeBuilder AddGrainStorage(string name, Func<IServiceProvider, IGrainStorage> factory)
    {
        Services.AddGrainStorage(name, factory);
        return this;
    }

    /// <summary>Adds the default grain storage provider.</summary>
    public GrainRuntimeBuilder AddGrainStorageAsDefault(Func<IServiceProvider, IGrainStorage> factory)
    {
        Services.AddGrainStorageAsDefault(factory);
        return this;
    }

    /// <summary>Adds a named <see cref="MemoryGrainStorage"/>.</summary>
    public GrainRuntimeBuilder AddMemoryGrainStorage(string name, Action<MemoryGrainStorageOptions>? configure = null)
    {
        Services.AddMemoryGrainStorage(name, configure);
        return this;
    }

    /// <summary>Adds a <see cref="MemoryGrainStorage"/> as the default storage provider.</summary>
    public GrainRuntimeBuilder AddMemoryGrainStorageAsDefault(Action<MemoryGrainStorageOptions>? configure = null)
    {
        Services.AddMemoryGrainStorageAsDefault(configure);
        return this;
    }

    /// <summary>Configures idle collection.</summary>
    public GrainRuntimeBuilder ConfigureCollection(Action<GrainCollectionOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
