namespace AnnotateHub.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime injects state
/// named <see cref="StateName"/> kept by the storage provider named <see cref="StorageName"/>
/// (Orleans: <c>Orleans.Runtime.PersistentStateAttribute</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name, part of its storage key together with the <see cref="GrainId"/>.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name; <c>null</c> for <see cref="ProviderConstants.DefaultStorageProviderName"/>.</summary>
    public string? StorageName { get; } = storageName;
}

/// <summary>Well-known provider names (Orleans: <c>Orleans.Providers.ProviderConstants</c>).</summary>
public static class ProviderConstants
{
    /// <summary>The name of the storage provider used when <see cref="PersistentStateAttribute.StorageName"/> is not given.</summary>
    public const string DefaultStorageProviderName = "Default";
}
