namespace AnnotateHub.Accounts.Tests.Infrastructure;

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>A fixed start well away from the real date, so a test that read the system clock would show.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2031, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = start;

    public ManualClock()
        : this(DefaultStart)
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
