namespace AnnotateHub.Grains;

/// <summary>
/// How webhook deliveries are made and retried (configuration section <see cref="Section"/>). A failed attempt (no
/// answer within <see cref="AttemptTimeout"/>, a refused address, or a status other than 2xx) is retried after
/// <see cref="FirstRetryDelay"/>, each later retry waiting <see cref="BackoffFactor"/> times longer, at most
/// <see cref="MaxRetryDelay"/>, until <see cref="MaxAttempts"/> attempts have been made.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Attempts per delivery, the first included. Default 8 (the last about 15 hours after the first with the default delays).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry. Default 30 s.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How much longer each retry waits than the one before. Default 4.</summary>
    public double BackoffFactor { get; set; } = 4;

    /// <summary>The longest wait between two attempts. Default 6 hours.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a receiver may take to answer. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delivery attempts kept per workspace for the log. Default 200.</summary>
    public int LogSize { get; set; } = 200;

    /// <summary>
    /// Allows targets on private, loopback and other non-public addresses (on-premises receivers, tests). When unset, the
    /// URL import's setting <c>Import:AllowPrivateAddresses</c> decides (default false: refused).
    /// </summary>
    public bool? AllowPrivateAddresses { get; set; }

    /// <summary>
    /// The wait after failed attempt <paramref name="attempt"/> (1 for the first) before the next one, or null when it was
    /// the last one allowed.
    /// </summary>
    public TimeSpan? RetryDelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var ticks = FirstRetryDelay.Ticks * Math.Pow(BackoffFactor, attempt - 1);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
