using System.Security.Claims;
using System.Text.Encodings.Web;
using AnnotateHub.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Web.Security;

/// <summary>Authenticates <c>Authorization: Bearer ahp_…</c> personal access tokens.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string AuthenticationMethodClaim = "amr";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length == 0)
        {
            return AuthenticateResult.Fail("The bearer token is empty.");
        }

        var validation = await tokens.ValidateAsync(secret);
        if (validation is null)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, validation.User.Id),
                new Claim(ClaimTypes.Name, validation.User.DisplayName),
                new Claim(ClaimTypes.Email, validation.User.Email ?? string.Empty),
                new Claim(AuthenticationMethodClaim, "token"),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentication required",
                detail: "Send a valid personal access token as 'Authorization: Bearer <token>'. Create one on the Tokens page or with 'admin issue-token'.")
            .ExecuteAsync(Context);
    }
}
