using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AnnotateHub.Grains;

/// <summary>
/// How a delivery is signed: header <see cref="Header"/> is <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where the hex is
/// the lowercase HMAC-SHA256, keyed with the webhook's secret (its UTF-8 bytes), of the timestamp, a full stop, and the
/// exact body bytes. A receiver recomputes it over the raw body, compares in constant time, and refuses a timestamp far
/// from its clock (a replay).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-AnnotateHub-Signature";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Hex(secret, timestamp, body)}";

    /// <summary>True when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body)
    {
        long? timestamp = null;
        string? v1 = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                v1 = part[3..];
            }
        }

        return timestamp is { } ts && v1 is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hex(secret, ts, body)), Encoding.ASCII.GetBytes(v1));
    }

    private static string Hex(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
