using System.Security.Claims;
using System.Threading.RateLimiting;
using AnnotateHub.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace AnnotateHub.Web.Security;

public static class AuthRegistration
{
    public const string SmartScheme = "cookie-or-bearer";
    public const string SignInRateLimit = "sign-in";
    public const string ApiRateLimit = "api";

    /// <summary>Cookie sign-in for the UI, bearer tokens for the API, rate limits for both.</summary>
    public static IServiceCollection AddAnnotateHubAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    BearerCredentials.TryRead(context.Request, out _) ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/signin";
            options.LogoutPath = "/signout";
            options.AccessDeniedPath = "/signin";
            options.Cookie.Name = "annotatehub.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request is HTTPS (always, behind the TLS proxy deploy/README.md asks for).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.Events = new CookieAuthenticationEvents
            {
                // API clients get problem details, never a redirect to an HTML page
                OnRedirectToLogin = context => IsApi(context.Request)
                    ? WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                        "Send a valid personal access token as 'Authorization: Bearer <token>'.")
                    : RedirectAsync(context),
                OnRedirectToAccessDenied = context => IsApi(context.Request)
                    ? WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.")
                    : RedirectAsync(context),
            };
        });

        // The antiforgery cookie too is Secure whenever the request is HTTPS (its default is never).
        services.Configure<AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddScoped<IUserClaimsPrincipalFactory<AppUser>, DisplayNameClaimsFactory>();
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();

        // Every limit is per node: each node counts in its own memory (behind a proxy spreading requests over N nodes, a
        // client gets up to N times the allowance). Addresses are the real client's (ProxyRegistration).
        var signInPerMinute = configuration.GetValue("Security:SignInAttemptsPerMinute", 10);
        var apiPerMinute = configuration.GetValue("Security:ApiRequestsPerMinute", 600);
        var failedAuthPerMinute = FailedAuthenticationLimiter.ReadPerMinute(configuration);
        services.AddSingleton(provider => new FailedAuthenticationLimiter(failedAuthPerMinute, provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                        detail: "Slow down and try again in a minute.")
                    .ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                ProxyRegistration.ClientAddress(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.AddPolicy(ApiRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                ApiPartition(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = apiPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>
    /// Whose allowance an API request draws on: the token that authenticated it (its id, however the header spelled the
    /// scheme, since the token handler read it), else the signed-in account (cookie), else the client's address.
    /// </summary>
    public static string ApiPartition(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.FindFirstValue(ApiTokenAuthenticationHandler.TokenIdClaim) is { Length: > 0 } tokenId)
        {
            return "token:" + tokenId;
        }

        return user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } userId
            ? "user:" + userId
            : "address:" + ProxyRegistration.ClientAddress(context);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
