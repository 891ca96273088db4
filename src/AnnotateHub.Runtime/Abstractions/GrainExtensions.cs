namespace AnnotateHub.Runtime;

/// <summary>Identity helpers for grains and grain references (Orleans: <c>Orleans.GrainExtensions</c>).</summary>
public static class GrainExtensions
{
    /// <summary>The primary key of a grain, or of the grain a reference points to.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => grain switch
    {
        Grain g => g.GetPrimaryKeyString(),
        GrainProxy p => p.Key,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType().Name} is neither a grain nor a grain reference.", nameof(grain)),
    };

    /// <summary>The id (type and key) of a grain, or of the grain a reference points to.</summary>
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        Grain g => g.Activation.Id,
        GrainProxy p => p.GrainId,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType().Name} is neither a grain nor a grain reference.", nameof(grain)),
    };
}
