using System.Collections.Concurrent;

namespace AnnotateHub.Accounts;

/// <summary>
/// Slows password guessing down without letting anyone shut a colleague out: failed sign-ins are counted per account
/// (the email as typed, whether or not an account has it, so the answer says nothing about which addresses exist) and per
/// client address. The first <see cref="FreeFailures"/> failures cost nothing; after that each further attempt must wait
/// <see cref="FirstDelay"/>, then twice as long after each further failure (1 s, 2 s, 4 s, ...), up to
/// <see cref="AccountMaxDelay"/> per account and <see cref="AddressMaxDelay"/> per address. An attempt made before the
/// wait is over is refused without checking the password and does not count. A successful sign-in clears its account's
/// count; a count with no failure for <see cref="ForgetAfter"/> is forgotten. Nothing is stored: a restart forgets all.
/// </summary>
/// <remarks>
/// This replaces Identity's lockout (5 failures locked an account for 15 minutes), with which five posts by anyone
/// locked a colleague out. Now someone guessing one account from many addresses gets one try per
/// <see cref="AccountMaxDelay"/> at most, and its owner waits no longer than that; one address guessing many accounts
/// is slowed to one try per <see cref="AddressMaxDelay"/>. Time comes from the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed class SignInThrottle(TimeProvider time)
{
    /// <summary>Failures (per account and per address) that cost no wait.</summary>
    public const int FreeFailures = 3;

    /// <summary>The wait after the first failure past <see cref="FreeFailures"/>; it doubles with each further failure.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait for one account.</summary>
    public static readonly TimeSpan AccountMaxDelay = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait for one client address.</summary>
    public static readonly TimeSpan AddressMaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>How long a count lasts without a new failure.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long a sign-in for <paramref name="email"/> from <paramref name="address"/> must still wait, or null if it may go ahead now.</summary>
    public TimeSpan? WaitBefore(string? email, string? address)
    {
        var now = time.GetUtcNow();
        var wait = Max(Wait(AccountKey(email), AccountMaxDelay, now), Wait(AddressKey(address), AddressMaxDelay, now));
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>Counts a failed sign-in (a wrong password, or an email no account has).</summary>
    public void RecordFailure(string? email, string? address)
    {
        var now = time.GetUtcNow();
        foreach (var key in new[] { AccountKey(email), AddressKey(address) })
        {
            _failures.AddOrUpdate(
                key,
                _ => new Failures(1, now),
                (_, previous) => new Failures(now - previous.Last > ForgetAfter ? 1 : previous.Count + 1, now));
        }

        if (_failures.Count > PruneAbove)
        {
            foreach (var (key, failures) in _failures)
            {
                if (now - failures.Last > ForgetAfter)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>Clears the count of the account signed in to (not its address's: one good account must not excuse guessing others).</summary>
    public void RecordSuccess(string? email) => _failures.TryRemove(AccountKey(email), out _);

    /// <summary>The wait after <paramref name="failures"/> failures, or zero.</summary>
    public static TimeSpan Delay(int failures, TimeSpan max)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeFailures, 30);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < max ? delay : max;
    }

    private TimeSpan Wait(string key, TimeSpan max, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var failures) || now - failures.Last > ForgetAfter)
        {
            return TimeSpan.Zero;
        }

        return failures.Last + Delay(failures.Count, max) - now;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string AccountKey(string? email) => "account:" + (email ?? string.Empty).Trim().ToUpperInvariant();

    private static string AddressKey(string? address) => "address:" + (address ?? "unknown");

    private sealed record Failures(int Count, DateTimeOffset Last);
}
