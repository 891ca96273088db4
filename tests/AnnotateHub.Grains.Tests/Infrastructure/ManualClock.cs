namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// A clock whose "now" moves only when a test advances it: events get stable timestamps and idle collection
/// happens exactly when a test says so. Timers (call and observer timeouts) still run on real time, so they stay
/// what they are in production: safety nets that a passing test never reaches.
/// </summary>
/// <remarks>The shared cluster's clock cannot be advanced (tests that share it assert <see cref="Start"/> timestamps).</remarks>
public sealed class ManualClock(bool canAdvance = true) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private long _ticks;

    public override DateTimeOffset GetUtcNow() => Start.AddTicks(Interlocked.Read(ref _ticks));

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        if (!canAdvance)
        {
            throw new InvalidOperationException("The shared cluster's clock does not move: a test that advances time starts its own host (GrainHost.StartAsync).");
        }

        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
