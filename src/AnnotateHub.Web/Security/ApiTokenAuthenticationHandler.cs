using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AnnotateHub.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Web.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer ahp_…</c> personal access tokens (the header read by
/// <see cref="BearerCredentials"/>). Failures count against the client's address (<see cref="FailedAuthenticationLimiter"/>):
/// past the allowance, bearer requests from it are answered 429 until its minute is over.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    FailedAuthenticationLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = BearerCredentials.Scheme;
    public const string AuthenticationMethodClaim = "amr";

    /// <summary>The id of the token that authenticated the request (what the API rate limit counts by).</summary>
    public const string TokenIdClaim = "annotatehub:token-id";

    /// <summary>Set when the client's address has used up its failed authentications: the challenge answers 429.</summary>
    private TimeSpan? _refusedFor;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BearerCredentials.TryRead(Request, out var secret))
        {
            return AuthenticateResult.NoResult();
        }

        var address = ProxyRegistration.ClientAddress(Context);
        if (failures.RetryAfter(address) is { } wait)
        {
            _refusedFor = wait;
            return AuthenticateResult.Fail("Too many failed authentications from this address; the token was not checked.");
        }

        var validation = secret.Length == 0 ? null : await tokens.ValidateAsync(secret);
        if (validation is null)
        {
            if (failures.RecordFailure(address))
            {
                Logger.LogWarning(
                    "{Count} failed token authentications within a minute from {Address}: its bearer requests are refused until the minute is over.",
                    failures.PerMinute,
                    address);
            }

            return AuthenticateResult.Fail(secret.Length == 0 ? "The bearer token is empty." : "The token is unknown, revoked or expired.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, validation.User.Id),
                new Claim(ClaimTypes.Name, validation.User.DisplayName),
                new Claim(ClaimTypes.Email, validation.User.Email ?? string.Empty),
                new Claim(AuthenticationMethodClaim, "token"),
                new Claim(TokenIdClaim, validation.Token.Id),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await HandleAuthenticateOnceSafeAsync(); // the result is kept for the request; this only makes sure it exists
        if (_refusedFor is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many failed authentications",
                    detail: "Too many requests from your address had a wrong token. No token is checked from it until the time in Retry-After has passed.")
                .ExecuteAsync(Context);
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentication required",
                detail: "Send a valid personal access token as 'Authorization: Bearer <token>'. Create one on the Tokens page or with 'admin issue-token'.")
            .ExecuteAsync(Context);
    }
}
