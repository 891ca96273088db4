using System.Collections.Concurrent;

namespace AnnotateHub.Web.Security;

/// <summary>
/// Slows token guessing: failed bearer-token authentications (an empty, unknown, revoked or expired token, in any
/// spelling of the scheme) are counted per client address (<see cref="ProxyRegistration.ClientAddress"/>, the real client
/// behind a trusted proxy) in one-minute windows that start with the address's first failure. Once an address has failed
/// <see cref="PerMinute"/> times in its window, every bearer request from it is refused unchecked with 429 and
/// <c>Retry-After</c> until the window ends, a valid token included: a guess that worked would otherwise still tell.
/// Refused requests do not count. Counts live in this node's memory (each node counts its own; a restart forgets).
/// </summary>
public sealed class FailedAuthenticationLimiter
{
    /// <summary>The configuration key: failures per client address per minute (default <see cref="DefaultPerMinute"/>).</summary>
    public const string Setting = "Security:FailedAuthPerMinute";

    public const int DefaultPerMinute = 30;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public FailedAuthenticationLimiter(int perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentNullException.ThrowIfNull(time);
        PerMinute = perMinute;
        _time = time;
    }

    public int PerMinute { get; }

    /// <summary>Reads <see cref="Setting"/>; throws naming it when it is not a positive number.</summary>
    public static int ReadPerMinute(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var perMinute = configuration.GetValue(Setting, DefaultPerMinute);
        return perMinute >= 1 ? perMinute : throw new InvalidOperationException($"{Setting} must be at least 1, not {perMinute}.");
    }

    /// <summary>How long bearer requests from <paramref name="address"/> must still wait, or null when they may be checked.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        var now = _time.GetUtcNow();
        return _failures.TryGetValue(address, out var failures) && failures.Count >= PerMinute && now - failures.Since < Window
            ? failures.Since + Window - now
            : null;
    }

    /// <summary>Counts a failed authentication from <paramref name="address"/>; true when it used up the address's allowance.</summary>
    public bool RecordFailure(string address)
    {
        var now = _time.GetUtcNow();
        var failures = _failures.AddOrUpdate(
            address,
            _ => new Failures(1, now),
            (_, previous) => now - previous.Since >= Window ? new Failures(1, now) : previous with { Count = previous.Count + 1 });

        if (_failures.Count > PruneAbove)
        {
            foreach (var (key, old) in _failures)
            {
                if (now - old.Since >= Window)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        return failures.Count == PerMinute;
    }

    private sealed record Failures(int Count, DateTimeOffset Since);
}
