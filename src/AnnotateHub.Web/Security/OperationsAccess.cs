using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AnnotateHub.Web.Security;

/// <summary>
/// Who may use the operations endpoints. <see cref="SiteAdminPolicy"/> (the Orleans dashboard): signed-in site admins
/// (<see cref="SiteAdmins"/>). <see cref="MetricsPolicy"/> (<c>/metrics</c>): anyone when <c>Metrics:AllowAnonymous</c> is
/// true; otherwise a request made on this machine (a loopback address, not forwarded by a proxy) or a site admin (cookie
/// or API token). Anyone else who is signed in gets 404, as if nothing were there; a browser without sign-in is sent to
/// the sign-in page (the dashboard) or gets 401 (<c>/metrics</c>, which scrapers call).
/// </summary>
public static class OperationsAccess
{
    public const string SiteAdminPolicy = "site-admin";
    public const string MetricsPolicy = "metrics-reader";

    /// <summary>The configuration key that opens <c>/metrics</c> to anyone who can reach the server.</summary>
    public const string MetricsAllowAnonymousSetting = "Metrics:AllowAnonymous";

    public static IServiceCollection AddAnnotateHubOperationsAccess(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(SiteAdminPolicy, policy => policy.RequireAuthenticatedUser().AddRequirements(new SiteAdminRequirement()))
            .AddPolicy(MetricsPolicy, policy => policy.AddRequirements(new MetricsReaderRequirement()));
        services.AddSingleton<IAuthorizationHandler, SiteAdminHandler>();
        services.AddSingleton<IAuthorizationHandler, MetricsReaderHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, HiddenEndpointResultHandler>();
        return services;
    }

    /// <summary>True when the request was made on this machine and not passed on by a proxy (which would add a forwarding header).</summary>
    public static bool IsLocal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        return context.Connection.RemoteIpAddress is { } remote
               && IPAddress.IsLoopback(remote)
               && !headers.ContainsKey("X-Forwarded-For")
               && !headers.ContainsKey("Forwarded")
               && !headers.ContainsKey("X-Real-IP");
    }
}

/// <summary>Met by a signed-in site admin.</summary>
public sealed class SiteAdminRequirement : IAuthorizationRequirement;

/// <summary>Met by whoever may read <c>/metrics</c> (see <see cref="OperationsAccess"/>).</summary>
public sealed class MetricsReaderRequirement : IAuthorizationRequirement;

/// <summary>Endpoint metadata: a caller who is signed in but not allowed gets 404 rather than 403, and (when
/// <see cref="ChallengeWith401"/>) a caller who is not signed in gets 401 rather than the sign-in page.</summary>
public sealed record HiddenEndpoint(bool ChallengeWith401 = false);

internal sealed class SiteAdminHandler(SiteAdmins siteAdmins) : AuthorizationHandler<SiteAdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, SiteAdminRequirement requirement)
    {
        if (await siteAdmins.IsSiteAdminAsync(context.User))
        {
            context.Succeed(requirement);
        }
    }
}

internal sealed class MetricsReaderHandler(SiteAdmins siteAdmins, IConfiguration configuration) : AuthorizationHandler<MetricsReaderRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsReaderRequirement requirement)
    {
        if (configuration.GetValue(OperationsAccess.MetricsAllowAnonymousSetting, false)
            || (context.Resource is HttpContext http && OperationsAccess.IsLocal(http))
            || await siteAdmins.IsSiteAdminAsync(context.User))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>Turns a refusal on a <see cref="HiddenEndpoint"/> into 404 (and, if it asks, a missing sign-in into 401).</summary>
internal sealed class HiddenEndpointResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var hidden = context.GetEndpoint()?.Metadata.GetMetadata<HiddenEndpoint>();
        if (hidden is not null && authorizeResult.Forbidden)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (hidden is { ChallengeWith401: true } && authorizeResult.Challenged)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
