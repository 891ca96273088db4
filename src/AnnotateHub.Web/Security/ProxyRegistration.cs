using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;

namespace AnnotateHub.Web.Security;

/// <summary>
/// Running behind a TLS-terminating reverse proxy (nginx, as deploy/README.md recommends). Only the proxies listed in
/// <c>Proxy:KnownProxies</c> (IP addresses) and <c>Proxy:KnownNetworks</c> (CIDR ranges), plus loopback (127.0.0.0/8 and
/// ::1, ASP.NET Core's default: a proxy on the same machine), are believed when they say who the client is
/// (<c>X-Forwarded-For</c>) and whether it connected over HTTPS (<c>X-Forwarded-Proto</c>). Every other peer's forwarding
/// headers are ignored: it is the client. <c>Proxy:ForwardLimit</c> (default 1) is how many trusted proxies in a row may
/// stand before the app. A connection without an IP address (a Unix socket) counts as a proxy, as in ASP.NET Core: only
/// local processes can open one.
/// </summary>
/// <remarks>
/// With this, the request's scheme is https when the client used https, so the cookies are <c>Secure</c> and HSTS is
/// sent, and <see cref="ClientAddress"/> is the client's address, which the sign-in and API limits count. The Host header
/// is not taken from <c>X-Forwarded-Host</c>: nginx passes the public name as Host itself (<c>proxy_set_header Host $host</c>),
/// and nothing in the app builds absolute links from it.
/// </remarks>
public static class ProxyRegistration
{
    public const string KnownProxiesSetting = "Proxy:KnownProxies";
    public const string KnownNetworksSetting = "Proxy:KnownNetworks";
    public const string ForwardLimitSetting = "Proxy:ForwardLimit";

    /// <summary>
    /// Honours the trusted proxies' forwarding headers. Call it first, before anything reads the scheme or the client's
    /// address. Throws <see cref="InvalidOperationException"/> naming the setting when one is not valid.
    /// </summary>
    public static WebApplication UseAnnotateHubForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders(ReadOptions(app.Configuration));
        return app;
    }

    /// <summary>The forwarded-headers options the settings describe; throws naming the setting when one is not valid.</summary>
    public static ForwardedHeadersOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = ReadForwardLimit(configuration),
        };

        // The defaults (127.0.0.0/8, ::1) stay: nginx on the same machine is the usual single-node set-up.
        foreach (var text in Values(configuration, KnownProxiesSetting))
        {
            options.KnownProxies.Add(ParseAddress(text) ?? throw new InvalidOperationException(
                $"{KnownProxiesSetting}: '{text}' is not an IP address. List the proxies' addresses, e.g. 10.0.0.5 or 2001:db8::5."));
        }

        foreach (var text in Values(configuration, KnownNetworksSetting))
        {
            options.KnownIPNetworks.Add(ParseNetwork(text) ?? throw new InvalidOperationException(
                $"{KnownNetworksSetting}: '{text}' is not a network in CIDR notation. Write the network's first address and the prefix length, e.g. 10.0.0.0/8 or 2001:db8::/32."));
        }

        return options;
    }

    /// <summary>
    /// The client's address as the limits count it: after the trusted proxies' <c>X-Forwarded-For</c>, IPv4 written as
    /// IPv4 (not as an IPv4-mapped IPv6 address), "unknown" when the connection has none.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";
    }

    /// <summary>The setting's values: a list, or one string of values separated by commas, semicolons or spaces.</summary>
    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        return new[] { section.Value }.Concat(section.GetChildren().Select(child => child.Value))
            .SelectMany(value => (value ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static int ReadForwardLimit(IConfiguration configuration)
    {
        var text = configuration[ForwardLimitSetting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 10
            ? limit
            : throw new InvalidOperationException($"{ForwardLimitSetting} must be a number of proxies from 1 to 10, not '{text}'.");
    }

    /// <summary>
    /// An IPv4 address in dotted decimal (no shorthand such as 10.1 or octal 010.0.0.1, which IPAddress.Parse would
    /// quietly read as another address) or an IPv6 address; null otherwise.
    /// </summary>
    private static IPAddress? ParseAddress(string text)
    {
        if (!IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork when address.ToString() == text => address,
            AddressFamily.InterNetworkV6 when text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal) => address,
            _ => null,
        };
    }

    /// <summary>A network written as its first address and a prefix length (no bits set after the prefix); null otherwise.</summary>
    private static System.Net.IPNetwork? ParseNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || ParseAddress(text[..slash]) is not { } address
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            return null;
        }

        return System.Net.IPNetwork.TryParse(text, out var network) && network.BaseAddress.Equals(address) ? network : null;
    }
}
