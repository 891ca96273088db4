using System.Reflection;

namespace AnnotateHub.Runtime;

/// <summary>
/// Base of the generated grain references: each implements one grain interface and forwards every call to
/// the runtime through the method's cached invoker. Equal when they point to the same grain.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy derives from it at run time.
internal class GrainProxy : DispatchProxy
#pragma warning restore CA1852
{
    private GrainInterfaceInfo _interface = null!;
    private GrainActivation? _activation;

    public GrainRuntime Runtime { get; private set; } = null!;

    public GrainClassInfo Class { get; private set; } = null!;

    public string Key { get; private set; } = null!;

    public GrainId GrainId => GrainId.Create(Class.GrainType, Key);

    public void Initialize(GrainRuntime runtime, GrainInterfaceInfo grainInterface, GrainClassInfo grainClass, string key)
    {
        Runtime = runtime;
        _interface = grainInterface;
        Class = grainClass;
        Key = key;
    }

    /// <summary>The activation for this grain, creating it if needed; <c>null</c> when the runtime is shutting down.</summary>
    public GrainActivation? GetActivation()
    {
        var activation = _activation;
        if (activation is null || activation.IsInvalid)
        {
            activation = Runtime.GetOrCreateActivation(Class, Key);
            _activation = activation;
        }

        return activation;
    }

    /// <summary>Looks the activation up again after <paramref name="stale"/> turned out to be gone.</summary>
    public GrainActivation? RefreshActivation(GrainActivation stale)
    {
        if (ReferenceEquals(_activation, stale))
        {
            _activation = null;
        }

        return GetActivation();
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return _interface.GetInvoker(targetMethod).Invoke(this, args ?? []);
    }

    public override bool Equals(object? obj) =>
        obj is GrainProxy other && ReferenceEquals(Class, other.Class) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Class, StringComparer.Ordinal.GetHashCode(Key));

    public override string ToString() => GrainId.ToString();
}
