using AnnotateHub.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Security;

public static class AccountEndpoints
{
    /// <summary>
    /// Form posts of the sign-in page and the sign-out button (cookie + antiforgery, rate limited). A refused sign-in
    /// always redirects to the same message; when failed attempts make the next one wait (<see cref="SignInThrottle"/>)
    /// the redirect also carries <c>Retry-After</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/signin", async (
                [FromForm] string email,
                [FromForm] string password,
                [FromForm] string? returnUrl,
                HttpContext http,
                PasswordSignIn passwords,
                SignInManager<AppUser> signIn) =>
            {
                var target = SafeReturnUrl(returnUrl);
                var result = await passwords.CheckAsync(email, password, ProxyRegistration.ClientAddress(http));
                if (result.User is { } user)
                {
                    await signIn.SignInAsync(user, isPersistent: true);
                    return Results.LocalRedirect(target);
                }

                // One answer for every refusal: no such account, a wrong password, or too soon after failed attempts.
                if (result.RetryAfter is { } wait)
                {
                    http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return Results.Redirect($"/signin?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
            })
            .AllowAnonymous()
            .RequireRateLimiting(AuthRegistration.SignInRateLimit)
            .ExcludeFromDescription();

        endpoints.MapPost("/account/signout", async (SignInManager<AppUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return Results.LocalRedirect("/signin");
            })
            .RequireAuthorization()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return endpoints;
    }

    private static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
