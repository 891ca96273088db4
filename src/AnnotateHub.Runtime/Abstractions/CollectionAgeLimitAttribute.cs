namespace AnnotateHub.Runtime;

/// <summary>
/// Overrides <see cref="GrainCollectionOptions.CollectionAge"/> for one grain class
/// (Orleans: <c>Orleans.CollectionAgeLimitAttribute</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>Days of the limit.</summary>
    public double Days { get; set; }

    /// <summary>Hours of the limit.</summary>
    public double Hours { get; set; }

    /// <summary>Minutes of the limit.</summary>
    public double Minutes { get; set; }

    /// <summary>Never collect activations of this class as idle.</summary>
    public bool AlwaysActive { get; set; }

    /// <summary>The limit, <see cref="Timeout.InfiniteTimeSpan"/> when <see cref="AlwaysActive"/>.</summary>
    public TimeSpan Amount => AlwaysActive
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes);
}
