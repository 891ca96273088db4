namespace AnnotateHub.Runtime;

/// <summary>Options of the grain runtime (Orleans: parts of <c>SiloMessagingOptions</c>).</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>
    /// How long a caller waits for a grain call before it gets a <see cref="TimeoutException"/>; measured with the
    /// runtime's <see cref="TimeProvider"/>. <see cref="Timeout.InfiniteTimeSpan"/> waits forever. Default 30 seconds.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one observer delivery may take before it counts as failed. Default 30 seconds.</summary>
    public TimeSpan ObserverDeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed deliveries after which an observer reference is dropped; 0 never drops. Default 3.</summary>
    public int ObserverMaxConsecutiveFailures { get; set; } = 3;

    /// <summary>Pending deliveries per observer reference beyond which it is dropped as not keeping up. Default 1000.</summary>
    public int ObserverMaxPendingDeliveries { get; set; } = 1000;
}
