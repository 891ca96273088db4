using AnnotateHub.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Security;

public static class AccountEndpoints
{
    /// <summary>Form posts of the sign-in page and the sign-out button (cookie + antiforgery, rate limited).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/signin", async (
                [FromForm] string email,
                [FromForm] string password,
                [FromForm] string? returnUrl,
                SignInManager<AppUser> signIn,
                UserManager<AppUser> users) =>
            {
                var target = SafeReturnUrl(returnUrl);
                var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
                if (user is null || string.IsNullOrEmpty(password))
                {
                    return Results.Redirect($"/signin?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
                }

                var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
                if (result.Succeeded)
                {
                    return Results.LocalRedirect(target);
                }

                var error = result.IsLockedOut ? "locked" : "invalid";
                return Results.Redirect($"/signin?error={error}&returnUrl={Uri.EscapeDataString(target)}");
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
