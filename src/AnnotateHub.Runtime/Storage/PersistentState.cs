using System.Linq.Expressions;
using System.Reflection;

namespace AnnotateHub.Runtime;

/// <summary>Loads a state before the grain's OnActivateAsync.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync();
}

/// <summary>
/// The <see cref="IPersistentState{TState}"/> given to grains: a named state kept by a storage provider
/// (Orleans: <c>StateStorageBridge&lt;TState&gt;</c>). The provider enforces ETags; this bridge resets the state to a
/// new value when no record exists.
/// </summary>
internal sealed class PersistentState<TState>(IGrainStorage storage, string storageName, string stateName, GrainId grainId)
    : IPersistentState<TState>, IGrainState<TState>, IStateLoader
{
    public TState State { get; set; } = StateDefaults.Create<TState>();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    string? IStorage<TState>.Etag => ETag;

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, grainId, this).ConfigureAwait(false);
        if (!RecordExists)
        {
            State = StateDefaults.Create<TState>();
        }
    }

    public Task WriteStateAsync() => storage.WriteStateAsync(stateName, grainId, this);

    public async Task ClearStateAsync()
    {
        await storage.ClearStateAsync(stateName, grainId, this).ConfigureAwait(false);
        State = StateDefaults.Create<TState>();
        RecordExists = false;
    }

    public override string ToString() => $"{grainId}/{stateName} in {storageName}";
}

/// <summary>New state values: a parameterless constructor, a constructor whose parameters all have defaults, or default for value types.</summary>
internal static class StateDefaults
{
    public static T Create<T>() => Factory<T>.Create();

    public static void EnsureCreatable(Type type, string what)
    {
        if (!type.IsValueType && FindConstructor(type) is null)
        {
            throw new InvalidOperationException(
                $"The type {type.Name} of {what} needs a public constructor without parameters (or whose parameters " +
                "all have default values), so that a grain without a stored record starts from a new value.");
        }
    }

    private static ConstructorInfo? FindConstructor(Type type) =>
        type.GetConstructor(Type.EmptyTypes)
        ?? type.GetConstructors().FirstOrDefault(c => c.GetParameters().All(p => p.HasDefaultValue));

    private static class Factory<T>
    {
        public static readonly Func<T> Create = Build();

        private static Func<T> Build()
        {
            var type = typeof(T);
            if (type.IsValueType)
            {
                return static () => default!;
            }

            var constructor = FindConstructor(type);
            if (constructor is null)
            {
                return () => throw new InvalidOperationException($"{type.Name} has no constructor usable for a new state value.");
            }

            var arguments = constructor.GetParameters().Select(p => (Expression)Expression.Constant(p.DefaultValue, p.ParameterType));
            return Expression.Lambda<Func<T>>(Expression.New(constructor, arguments)).Compile();
        }
    }
}
