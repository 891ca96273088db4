namespace AnnotateHub.Runtime;

/// <summary>
/// Names the grain type of a grain class (Orleans: <c>Orleans.GrainTypeAttribute</c>). Without it the name is the
/// class name without a trailing "Grain", in lower case: <c>DocumentGrain</c> is <c>document</c>. The name is
/// part of <see cref="GrainId"/> and so of storage keys: never rename a grain type that has stored state.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string GrainType { get; } = grainType;
}
