namespace AnnotateHub.Web.Security;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c> the one way the whole app does: the scheme chooser
/// (<see cref="AuthRegistration"/>) and the token handler (<see cref="ApiTokenAuthenticationHandler"/>), whose result the
/// API limit counts by. The scheme name in any case (RFC 9110 §11.1: schemes are case-insensitive), then one or more
/// spaces or tabs, then the token without the whitespace around it. So <c>bearer x</c>, <c>BEARER x</c>,
/// <c>Bearer  x</c> and <c>Bearer&#9;x</c> are one credential, and none of them can pass for another token.
/// </summary>
public static class BearerCredentials
{
    public const string Scheme = "Bearer";

    private static readonly char[] Whitespace = [' ', '\t'];

    /// <summary>
    /// True when <paramref name="authorization"/> uses the Bearer scheme; then <paramref name="token"/> is what follows it
    /// (empty when nothing does). False for any other scheme or no header.
    /// </summary>
    public static bool TryRead(string? authorization, out string token)
    {
        token = string.Empty;
        var text = authorization.AsSpan().Trim(Whitespace);
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text[Scheme.Length..];
        if (rest.Length > 0 && rest.IndexOfAny(Whitespace) != 0)
        {
            return false; // another scheme that starts with the same letters ("Bearerx")
        }

        token = rest.Trim(Whitespace).ToString();
        return true;
    }

    /// <summary>Reads the request's Authorization header (<see cref="TryRead(string?, out string)"/>).</summary>
    public static bool TryRead(HttpRequest request, out string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TryRead(request.Headers.Authorization.ToString(), out token);
    }
}
