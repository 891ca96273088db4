namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// A clock whose "now" moves only when a test advances it: events get stable timestamps and idle collection
/// happens exactly when a test says so. Timers (call and observer timeouts) still run on real time, so they stay
/// what they are in production: safety nets that a passing test never reaches.
/// </summary>
public sealed class ManualClock : TimeProvider
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
        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
