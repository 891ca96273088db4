namespace AnnotateHub.Runtime;

/// <summary>Idle collection of activations (Orleans: <c>Orleans.Configuration.GrainCollectionOptions</c>).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>An activation idle (no call running or queued) for this long is deactivated. Default 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the hosted collector looks for idle activations. Default 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Collection age per grain class, keyed by the class's full name; overrides <see cref="CollectionAge"/> and
    /// <see cref="CollectionAgeLimitAttribute"/>.
    /// </summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Wall-clock limit for one deactivation: waiting for a running call to finish, then
    /// <see cref="Grain.OnDeactivateAsync"/> (whose token is cancelled at this point). Default 30 seconds.
    /// </summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
