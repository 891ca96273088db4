namespace AnnotateHub.Grains;

/// <summary>The terms of a document subscription, shared by the grain and its subscribers.</summary>
public static class DocumentSubscription
{
    /// <summary>How long a subscription lasts unless renewed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>How often subscribers renew (and check that they have missed nothing).</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);
}
