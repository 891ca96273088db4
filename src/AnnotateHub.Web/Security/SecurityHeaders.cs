namespace AnnotateHub.Web.Security;

/// <summary>
/// Security headers on every response. The Content-Security-Policy allows only what Blazor Server and MudBlazor need:
/// scripts from this origin, inline styles (MudBlazor sets style attributes, and its theme provider writes a style element), images from this origin and data: URLs, and
/// the SignalR WebSocket back to this origin. No page may be framed.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private const string PolicyItem = "annotatehub.csp";

    /// <summary>Gives this response another Content-Security-Policy (the public pages': no script, images from anywhere).</summary>
    public static void UsePolicy(HttpContext context, string policy) => context.Items[PolicyItem] = policy;

    public static IApplicationBuilder UseAnnotateHubSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Items.TryGetValue(PolicyItem, out var policy) && policy is string own ? own : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
}
