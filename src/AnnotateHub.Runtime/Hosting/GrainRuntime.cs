using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnnotateHub.Runtime;

/// <summary>
/// The local grain runtime: the activation directory, the grain factory, observer references, idle collection
/// and shutdown. One per service provider (registered by <see cref="GrainRuntimeServiceCollectionExtensions.AddGrainRuntime"/>).
/// Without a host, make one with <see cref="Create"/> and dispose it to deactivate every activation.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IGrainRuntimeInspector, IAsyncDisposable, IDisposable
{
    private readonly FrozenDictionary<Type, GrainClassInfo> _classByInterface;
    private readonly GrainClassInfo[] _classes;
    private readonly FrozenDictionary<string, IGrainStorage> _storages;
    private readonly ConditionalWeakTable<object, ObserverSet> _observerReferences = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _shutdownLock = new();
    private Task? _shutdownTask;
    private volatile bool _shuttingDown;
    private ServiceProvider? _ownedServices;
    private long _observerReferencesCreated;
    private long _observerReferencesDeleted;
    private long _observerReferencesDropped;
    private long _observerPending;
    private long _observerDeliveries;
    private long _observerFailures;

    internal GrainRuntime(
        IServiceProvider services,
        GrainRuntimeOptions options,
        GrainCollectionOptions collection,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory,
        IEnumerable<GrainRegistration> grains,
        IEnumerable<GrainStorageRegistration> storages)
    {
        Validate(options, collection);
        Services = services;
        Options = options;
        TimeProvider = timeProvider;
        DeactivationTimeout = collection.DeactivationTimeout;
        Log = new RuntimeLog(loggerFactory.CreateLogger<GrainRuntime>());

        var classes = new Dictionary<Type, GrainClassInfo>();
        var byInterface = new Dictionary<Type, GrainClassInfo>();
        foreach (var registration in grains)
        {
            if (!classes.TryGetValue(registration.GrainClass, out var grainClass))
            {
                grainClass = new GrainClassInfo(registration.GrainClass, collection);
                classes.Add(registration.GrainClass, grainClass);
            }

            if (byInterface.TryGetValue(registration.Interface, out var other) && other != grainClass)
            {
                throw new InvalidOperationException(
                    $"Grain interface {registration.Interface.Name} is registered for both {other.GrainClass.Name} and {grainClass.GrainClass.Name}.");
            }

            byInterface[registration.Interface] = grainClass;
        }

        foreach (var group in classes.Values.GroupBy(c => c.GrainType, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException(
                $"Grain classes {string.Join(" and ", group.Select(c => c.GrainClass.Name))} have the same grain type name '{group.Key}'; " +
                "give one of them a [GrainType(\"...\")].");
        }

        _classes = [.. classes.Values.OrderBy(c => c.GrainType, StringComparer.Ordinal)];
        _classByInterface = byInterface.ToFrozenDictionary();

        // Resolve the storage providers now, so that the container disposes them after this runtime, whose
        // disposal still writes through them (OnDeactivateAsync).
        _storages = storages
            .Select(s => s.Name)
            .Distinct(StringComparer.Ordinal)
            .ToFrozenDictionary(name => name, name => services.GetRequiredKeyedService<IGrainStorage>(name), StringComparer.Ordinal);

        Instruments = new RuntimeInstruments(meterFactory, _classes);
    }

    /// <summary>The factory for grain references and observer references (this runtime).</summary>
    public IGrainFactory GrainFactory => this;

    /// <summary>The root service provider grains are created from (each activation gets its own scope).</summary>
    public IServiceProvider Services { get; }

    /// <summary>The clock for idle collection, call timeouts and observer expiry.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The meter the runtime's instruments belong to.</summary>
    public Meter Meter => Instruments.Meter;

    internal GrainRuntimeOptions Options { get; }

    internal TimeSpan ResponseTimeout => Options.ResponseTimeout;

    internal TimeSpan DeactivationTimeout { get; }

    internal RuntimeInstruments Instruments { get; }

    internal RuntimeLog Log { get; }

    internal bool IsShuttingDown => _shuttingDown;

    internal CancellationToken ShutdownToken => _shutdown.Token;

    /// <summary>
    /// Makes a runtime with its own service provider, for tests and tools without a host. Register grains and
    /// storage in <paramref name="configureServices"/> (<c>services.AddGrainRuntime().AddGrain&lt;I, G&gt;()</c>...).
    /// Disposing the runtime deactivates every activation, then disposes the provider.
    /// </summary>
    public static GrainRuntime Create(Action<IServiceCollection> configureServices)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        var services = new ServiceCollection();
        configureServices(services);
        services.AddGrainRuntime();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var runtime = provider.GetRequiredService<GrainRuntime>();
        runtime._ownedServices = provider;
        return runtime;
    }

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        if (!_classByInterface.TryGetValue(typeof(TGrainInterface), out var grainClass))
        {
            throw new InvalidOperationException(
                $"No grain class is registered for grain interface {typeof(TGrainInterface).Name}. " +
                $"Register one with services.AddGrainRuntime().AddGrain<{typeof(TGrainInterface).Name}, TGrain>().");
        }

        var proxy = GrainInterfaceInfo.Get(typeof(TGrainInterface)).CreateProxyFor(this, grainClass, primaryKey);
        return (TGrainInterface)(object)proxy;
    }

    /// <inheritdoc />
    public TObserver CreateObjectReference<TObserver>(IGrainObserver obj)
        where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is ObserverProxy or GrainProxy)
        {
            throw new ArgumentException($"{obj} is already a reference; pass it to grains as it is.", nameof(obj));
        }

        if (obj is Grain)
        {
            throw new ArgumentException(
                $"{obj.GetType().Name} is a grain: a local reference would call it outside its turns. Pass a grain reference " +
                "(GrainFactory.GetGrain<TInterface>(key), with TInterface extending the observer interface) instead.",
                nameof(obj));
        }

        if (obj is not TObserver)
        {
            throw new ArgumentException($"{obj.GetType().Name} does not implement {typeof(TObserver).Name}.", nameof(obj));
        }

        var observerInterface = ObserverInterfaceInfo.Get(typeof(TObserver));
        var set = _observerReferences.GetValue(obj, static _ => new ObserverSet());
        lock (set.Lock)
        {
            if (set.References.TryGetValue(typeof(TObserver), out var existing) && !existing.IsClosed)
            {
                return (TObserver)existing.Proxy;
            }

            var reference = new ObserverReference(this, observerInterface, obj);
            var proxy = observerInterface.CreateProxy();
            proxy.Reference = reference;
            reference.Proxy = proxy;
            set.References[typeof(TObserver)] = reference;
            Interlocked.Increment(ref _observerReferencesCreated);
            return (TObserver)(object)proxy;
        }
    }

    /// <inheritdoc />
    public void DeleteObjectReference<TObserver>(IGrainObserver obj)
        where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is ObserverProxy proxy)
        {
            proxy.Reference.Close("deleted", dropped: false);
            return;
        }

        if (_observerReferences.TryGetValue(obj, out var set))
        {
            ObserverReference? reference;
            lock (set.Lock)
            {
                set.References.Remove(typeof(TObserver), out reference);
            }

            reference?.Close("deleted", dropped: false);
        }
    }

    /// <summary>
    /// Deactivates every activation idle for at least its collection age (by <see cref="TimeProvider"/>) and not
    /// kept alive by DelayDeactivation, and waits for their OnDeactivateAsync. The hosted service calls this every
    /// <see cref="GrainCollectionOptions.CollectionQuantum"/>; tests call it after advancing their clock.
    /// </summary>
    /// <returns>The number of activations deactivated.</returns>
    public async Task<int> CollectIdleActivationsAsync(CancellationToken cancellationToken = default)
    {
        var now = TimeProvider.GetTimestamp();
        List<Task>? deactivations = null;
        foreach (var grainClass in _classes)
        {
            if (grainClass.CollectionAge == Timeout.InfiniteTimeSpan)
            {
                continue;
            }

            foreach (var (_, activation) in grainClass.Activations)
            {
                if (activation.TryDeactivateIfIdle(now, grainClass.CollectionAge))
                {
                    (deactivations ??= []).Add(activation.Deactivated);
                }
            }
        }

        if (deactivations is null)
        {
            return 0;
        }

        await Task.WhenAll(deactivations).WaitAsync(cancellationToken).ConfigureAwait(false);
        Log.Collected(deactivations.Count);
        return deactivations.Count;
    }

    /// <summary>
    /// Shuts down: no new activations; every activation finishes its running call, runs OnDeactivateAsync and
    /// goes; queued calls fail. Activations that take longer than the deactivation timeout are abandoned.
    /// Idempotent; later calls wait for the same shutdown.
    /// </summary>
    public Task DeactivateAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_shutdownLock)
        {
            _shutdownTask ??= ShutDownAsync();
        }

        return _shutdownTask.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public GrainRuntimeStatistics GetStatistics()
    {
        var types = ImmutableArray.CreateBuilder<GrainTypeStatistics>(_classes.Length);
        foreach (var grainClass in _classes)
        {
            int busy = 0, queued = 0;
            long liveCalls = 0;
            foreach (var (_, activation) in grainClass.Activations)
            {
                busy += activation.IsBusy ? 1 : 0;
                queued += activation.QueuedCount;
                liveCalls += Volatile.Read(ref activation.CallCount);
            }

            types.Add(new GrainTypeStatistics(
                grainClass.GrainType,
                grainClass.GrainClass.FullName ?? grainClass.GrainClass.Name,
                Volatile.Read(ref grainClass.ActiveCount),
                busy,
                queued,
                Interlocked.Read(ref grainClass.RetiredCalls) + liveCalls,
                Interlocked.Read(ref grainClass.FailedCalls),
                Interlocked.Read(ref grainClass.ActivationsCreated),
                Interlocked.Read(ref grainClass.Deactivations)));
        }

        var all = types.ToImmutable();
        return new GrainRuntimeStatistics(
            TimeProvider.GetUtcNow(),
            all,
            all.Sum(t => t.Activations),
            all.Sum(t => t.QueuedCalls),
            all.Sum(t => t.Calls),
            all.Sum(t => t.FailedCalls),
            all.Sum(t => t.ActivationsCreated),
            all.Sum(t => t.Deactivations),
            new ObserverStatistics(
                Interlocked.Read(ref _observerReferencesCreated),
                Interlocked.Read(ref _observerReferencesDeleted),
                Interlocked.Read(ref _observerReferencesDropped),
                Interlocked.Read(ref _observerPending),
                Interlocked.Read(ref _observerDeliveries),
                Interlocked.Read(ref _observerFailures)));
    }

    /// <summary>Deactivates every activation (see <see cref="DeactivateAllAsync"/>); a runtime from <see cref="Create"/> then disposes its provider.</summary>
    public async ValueTask DisposeAsync()
    {
        await DeactivateAllAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _ownedServices, null) is { } owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        Instruments.Dispose();
        _shutdown.Dispose();
    }

    /// <summary>Blocks on <see cref="DisposeAsync"/>; prefer that.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal GrainActivation? GetOrCreateActivation(GrainClassInfo grainClass, string key)
    {
        while (true)
        {
            if (grainClass.Activations.TryGetValue(key, out var activation))
            {
                if (!activation.IsInvalid)
                {
                    return activation;
                }

                // Activations leave the directory as they become invalid; this only tidies after an abandon.
                grainClass.Activations.TryRemove(new KeyValuePair<string, GrainActivation>(key, activation));
                continue;
            }

            if (_shuttingDown)
            {
                return null;
            }

            return grainClass.Activations.GetOrAdd(
                key, static (k, state) => new GrainActivation(state.Runtime, state.Class, k), (Runtime: this, Class: grainClass));
        }
    }

    internal IGrainStorage GetStorage(string name, GrainClassInfo grainClass, string stateName) =>
        _storages.TryGetValue(name, out var storage)
            ? storage
            : Services.GetKeyedService<IGrainStorage>(name) ?? throw new InvalidOperationException(
                $"No grain storage provider named '{name}' is registered; {grainClass.GrainClass.Name} needs it for state '{stateName}'. " +
                $"Register one with AddGrainStorage(\"{name}\", ...) or AddMemoryGrainStorage(\"{name}\").");

    internal InvalidOperationException ShuttingDownException(GrainId grainId) =>
        new($"The grain runtime is shutting down; grain {grainId} cannot be activated or called.");

    internal void Redispatch(GrainClassInfo grainClass, string key, Queue<IGrainWorkItem> calls)
    {
        foreach (var call in calls)
        {
            var activation = GetOrCreateActivation(grainClass, key);
            while (activation is not null && !activation.TryEnqueue(call))
            {
                activation = GetOrCreateActivation(grainClass, key);
            }

            if (activation is null)
            {
                call.Fail(ShuttingDownException(GrainId.Create(grainClass.GrainType, key)));
            }
        }
    }

    internal void OnActivationStarting(GrainActivation activation)
    {
        Interlocked.Increment(ref activation.Class.ActiveCount);
        Interlocked.Increment(ref activation.Class.ActivationsCreated);
        Instruments.ActivationCreated(activation.Class);
    }

    internal void OnActivated(GrainActivation activation) => Log.Activated(activation.Id);

    internal void OnActivationFailed(GrainActivation activation, Exception exception) => Log.ActivationFailed(exception, activation.Id);

    internal void OnDeactivated(GrainActivation activation, DeactivationReason reason)
    {
        Interlocked.Increment(ref activation.Class.Deactivations);
        Instruments.Deactivated(activation.Class);
        Log.Deactivated(activation.Id, reason);
    }

    internal void OnDeactivationFailed(GrainActivation activation, Exception exception) => Log.DeactivationFailed(exception, activation.Id);

    /// <summary>An activation that had started is gone; <paramref name="failed"/> are calls to fail (shutdown).</summary>
    internal void OnActivationGone(GrainActivation activation, Queue<IGrainWorkItem>? failed)
    {
        Interlocked.Decrement(ref activation.Class.ActiveCount);
        Interlocked.Add(ref activation.Class.RetiredCalls, Volatile.Read(ref activation.CallCount));
        if (failed is not null)
        {
            var exception = ShuttingDownException(activation.Id);
            foreach (var call in failed)
            {
                call.Fail(exception);
            }
        }
    }

    internal void OnObserverPending(long delta) => Interlocked.Add(ref _observerPending, delta);

    internal void OnObserverDelivered(ObserverReference reference)
    {
        Interlocked.Increment(ref _observerDeliveries);
        Instruments.ObserverDelivered(reference.Interface);
    }

    internal void OnObserverDeliveryFailed(ObserverReference reference, ObserverMethod method, Exception exception)
    {
        Interlocked.Increment(ref _observerFailures);
        Instruments.ObserverFailed(reference.Interface);
        Log.ObserverDeliveryFailed(exception, method.DisplayName, reference.ToString());
    }

    internal void OnObserverClosed(ObserverReference reference, string reason, bool dropped)
    {
        if (dropped)
        {
            Interlocked.Increment(ref _observerReferencesDropped);
            Instruments.ObserverDropped(reference.Interface);
            Log.ObserverClosed(reference.ToString(), reason);
        }
        else
        {
            Interlocked.Increment(ref _observerReferencesDeleted);
        }
    }

    private static void Validate(GrainRuntimeOptions options, GrainCollectionOptions collection)
    {
        static bool Positive(TimeSpan value) => value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan;
        var problems = new List<string>();
        if (!Positive(options.ResponseTimeout))
        {
            problems.Add($"GrainRuntimeOptions.ResponseTimeout must be positive or infinite, not {options.ResponseTimeout}");
        }

        if (!Positive(options.ObserverDeliveryTimeout))
        {
            problems.Add($"GrainRuntimeOptions.ObserverDeliveryTimeout must be positive or infinite, not {options.ObserverDeliveryTimeout}");
        }

        if (options.ObserverMaxConsecutiveFailures < 0)
        {
            problems.Add("GrainRuntimeOptions.ObserverMaxConsecutiveFailures cannot be negative");
        }

        if (options.ObserverMaxPendingDeliveries <= 0)
        {
            problems.Add("GrainRuntimeOptions.ObserverMaxPendingDeliveries must be positive");
        }

        if (!Positive(collection.CollectionAge))
        {
            problems.Add($"GrainCollectionOptions.CollectionAge must be positive or infinite, not {collection.CollectionAge}");
        }

        if (collection.CollectionQuantum <= TimeSpan.Zero)
        {
            problems.Add($"GrainCollectionOptions.CollectionQuantum must be positive, not {collection.CollectionQuantum}");
        }

        if (!Positive(collection.DeactivationTimeout))
        {
            problems.Add($"GrainCollectionOptions.DeactivationTimeout must be positive or infinite, not {collection.DeactivationTimeout}");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Invalid grain runtime options: {string.Join("; ", problems)}.");
        }
    }

    private async Task ShutDownAsync()
    {
        _shuttingDown = true;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The grain runtime is shutting down.");

        // Activations created just before the flag was seen show up in a later round.
        for (var round = 0; round < 3; round++)
        {
            var activations = _classes.SelectMany(c => c.Activations.Values).ToList();
            if (activations.Count == 0)
            {
                return;
            }

            var all = Task.WhenAll(activations.Select(a => a.RequestDeactivation(reason)));
            try
            {
                await all.WaitAsync(DeactivationTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                foreach (var activation in activations.Where(a => !a.Deactivated.IsCompleted))
                {
                    Log.Abandoned(activation.Id, DeactivationTimeout);
                    activation.Abandon();
                }
            }
        }
    }

    private sealed class ObserverSet
    {
        public Lock Lock { get; } = new();

        public Dictionary<Type, ObserverReference> References { get; } = [];
    }
}

/// <summary>A grain interface bound to its class; registered by <see cref="GrainRuntimeBuilder.AddGrain{TInterface, TGrain}"/>.</summary>
internal sealed record GrainRegistration(Type Interface, Type GrainClass);

/// <summary>A named storage provider; registered by the AddGrainStorage extensions.</summary>
internal sealed record GrainStorageRegistration(string Name);
