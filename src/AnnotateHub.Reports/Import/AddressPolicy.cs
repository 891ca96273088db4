using System.Net;
using System.Net.Sockets;

namespace AnnotateHub.Reports;

/// <summary>
/// Which IP addresses a server-side fetch may connect to. By default only public unicast addresses: fetching a
/// user-given URL must not become a way into the server's own network (SSRF).
/// </summary>
public static class AddressPolicy
{
    /// <summary>
    /// Why <paramref name="address"/> is not a public address ("loopback", "private", ...), or null when it is public.
    /// </summary>
    /// <remarks>
    /// Refused IPv4: 0.0.0.0/8 (this network, incl. 0.0.0.0), 10/8, 172.16/12, 192.168/16 (private), 100.64/10 (shared,
    /// carrier-grade NAT), 127/8 (loopback), 169.254/16 (link-local, incl. cloud metadata 169.254.169.254), 192.0.0/24,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 198.18/15 (reserved, documentation, benchmarking), 224/4 (multicast),
    /// 240/4 (reserved) and 255.255.255.255 (broadcast).
    /// Refused IPv6: :: (unspecified), ::1 (loopback), fe80::/10 (link-local), fec0::/10 (site-local), fc00::/7
    /// (unique local), ff00::/8 (multicast), 2001:db8::/32 (documentation), 100::/64 (discard), the deprecated
    /// IPv4-compatible ::/96; IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses are
    /// judged by the IPv4 address inside them.
    /// </remarks>
    public static string? NonPublicReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IPv4Reason(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "non-IP";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return IPv4Reason(address.MapToIPv4().GetAddressBytes());
        }

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback";
        }

        if (b[0] == 0xff)
        {
            return "multicast";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return "link-local";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            return "site-local";
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return "unique-local";
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        {
            return "documentation";
        }

        if (b[0] == 0x01 && b[1] == 0x00 && AllZero(b, 2, 8))
        {
            return "discard";
        }

        if (AllZero(b, 0, 12))
        {
            return "IPv4-compatible (deprecated)";
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && AllZero(b, 4, 12))
        {
            return IPv4Reason(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IPv4Reason(b[2..6]);
        }

        return null;
    }

    /// <summary>True when <paramref name="address"/> is a public unicast address (see <see cref="NonPublicReason"/>).</summary>
    public static bool IsPublic(IPAddress address) => NonPublicReason(address) is null;

    private static string? IPv4Reason(byte[] b) => b switch
    {
        [0, ..] => "unspecified (this network)",
        [10, ..] => "private",
        [100, >= 64 and <= 127, ..] => "shared (carrier-grade NAT)",
        [127, ..] => "loopback",
        [169, 254, ..] => "link-local",
        [172, >= 16 and <= 31, ..] => "private",
        [192, 0, 0, _] => "reserved",
        [192, 0, 2, _] => "documentation",
        [192, 168, ..] => "private",
        [198, 18 or 19, ..] => "benchmarking",
        [198, 51, 100, _] => "documentation",
        [203, 0, 113, _] => "documentation",
        [>= 224 and <= 239, ..] => "multicast",
        [255, 255, 255, 255] => "broadcast",
        [>= 240, ..] => "reserved",
        _ => null,
    };

    private static bool AllZero(byte[] bytes, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }

        return true;
    }
}
