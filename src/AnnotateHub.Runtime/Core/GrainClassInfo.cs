using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Runtime;

/// <summary>
/// A registered grain class: its type name, how to construct it (DI plus persistent state), its collection age,
/// its activations (the directory for this class) and its counters.
/// </summary>
internal sealed class GrainClassInfo
{
    private static readonly MethodInfo CreateStateMethod = typeof(GrainClassInfo).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ObjectFactory _factory;
    private readonly StateParameter[] _states;

    public GrainClassInfo(Type grainClass, GrainCollectionOptions collection)
    {
        GrainClass = grainClass;
        GrainType = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainType(grainClass);
        if (string.IsNullOrWhiteSpace(GrainType) || GrainType.Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Grain class {grainClass.Name} has an invalid grain type name '{GrainType}': it must be non-empty and contain no '/'.");
        }

        Tag = new KeyValuePair<string, object?>("grain.type", GrainType);
        CollectionAge = collection.ClassSpecificCollectionAge.TryGetValue(grainClass.FullName ?? grainClass.Name, out var age)
            ? age
            : grainClass.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Amount ?? collection.CollectionAge;

        if (CollectionAge <= TimeSpan.Zero && CollectionAge != Timeout.InfiniteTimeSpan)
        {
            throw new InvalidOperationException($"The collection age of grain class {grainClass.Name} must be positive, not {CollectionAge}.");
        }

        var constructor = ChooseConstructor(grainClass);
        _states = constructor.GetParameters()
            .Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<PersistentStateAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => CreateStateParameter(grainClass, p.Parameter, p.Attribute!))
            .ToArray();
        _factory = ActivatorUtilities.CreateFactory(grainClass, _states.Select(s => s.ParameterType).ToArray());
    }

    public Type GrainClass { get; }

    /// <summary>The grain type name used in <see cref="GrainId"/>, e.g. <c>document</c>.</summary>
    public string GrainType { get; }

    /// <summary>The metrics tag for this class.</summary>
    public KeyValuePair<string, object?> Tag { get; }

    /// <summary>Idle time after which an activation is collected; <see cref="Timeout.InfiniteTimeSpan"/> for never.</summary>
    public TimeSpan CollectionAge { get; }

    /// <summary>The activations of this class by key.</summary>
    public ConcurrentDictionary<string, GrainActivation> Activations { get; } = new(StringComparer.Ordinal);

    public IEnumerable<(string StateName, string StorageName)> States => _states.Select(s => (s.StateName, s.StorageName));

    /// <summary>Activations started and not yet gone.</summary>
    public int ActiveCount;

    public long ActivationsCreated;

    public long Deactivations;

    /// <summary>Calls run by activations that are gone.</summary>
    public long RetiredCalls;

    public long FailedCalls;

    /// <summary>Constructs the grain for <paramref name="activation"/>: states from storage providers, everything else from DI.</summary>
    public object CreateInstance(GrainActivation activation, IServiceProvider services, out IStateLoader[] states)
    {
        states = new IStateLoader[_states.Length];
        var arguments = new object?[_states.Length];
        for (var i = 0; i < _states.Length; i++)
        {
            var parameter = _states[i];
            var storage = activation.Runtime.GetStorage(parameter.StorageName, this, parameter.StateName);
            states[i] = parameter.Create(storage, parameter.StorageName, parameter.StateName, activation.Id);
            arguments[i] = states[i];
        }

        var previous = RuntimeContext.Enter(activation);
        try
        {
            return _factory(services, arguments);
        }
        finally
        {
            RuntimeContext.Exit(previous);
        }
    }

    /// <summary><c>DocumentGrain</c> is <c>document</c>; <c>Counter</c> is <c>counter</c>.</summary>
    public static string DefaultGrainType(Type grainClass)
    {
        var name = grainClass.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick > 0)
        {
            name = name[..tick];
        }

        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    private static ConstructorInfo ChooseConstructor(Type grainClass)
    {
        var constructors = grainClass.GetConstructors();
        if (constructors.Length == 0)
        {
            throw new InvalidOperationException($"Grain class {grainClass.FullName} has no public constructor.");
        }

        return constructors.FirstOrDefault(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute)))
            ?? constructors.OrderByDescending(c => c.GetParameters().Length).First();
    }

    private static StateParameter CreateStateParameter(Type grainClass, ParameterInfo parameter, PersistentStateAttribute attribute)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException(
                $"Parameter '{parameter.Name}' of {grainClass.Name}'s constructor is marked [PersistentState] but its type is " +
                $"{type.Name}; it must be IPersistentState<T>.");
        }

        if (string.IsNullOrWhiteSpace(attribute.StateName))
        {
            throw new InvalidOperationException($"Parameter '{parameter.Name}' of {grainClass.Name}'s constructor has an empty state name.");
        }

        var stateType = type.GetGenericArguments()[0];
        var create = CreateStateMethod.MakeGenericMethod(stateType)
            .CreateDelegate<Func<IGrainStorage, string, string, GrainId, IStateLoader>>();
        StateDefaults.EnsureCreatable(stateType, $"state '{attribute.StateName}' of {grainClass.Name}");
        return new StateParameter(
            attribute.StateName, attribute.StorageName ?? ProviderConstants.DefaultStorageProviderName, type, create);
    }

    private static IStateLoader CreateState<T>(IGrainStorage storage, string storageName, string stateName, GrainId grainId) =>
        new PersistentState<T>(storage, storageName, stateName, grainId);

    private sealed record StateParameter(
        string StateName, string StorageName, Type ParameterType, Func<IGrainStorage, string, string, GrainId, IStateLoader> Create);
}
