using System.Security.Claims;
using AnnotateHub.Accounts;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Security;

/// <summary>
/// Site admins: the accounts whose email address is listed in the setting <c>Security:SiteAdmins</c> (a list, or one
/// string of addresses separated by commas or semicolons; none by default). They may do what is otherwise only done
/// from the server's shell with the admin CLI, such as restoring a workspace backup over the API. Workspace roles do
/// not make anyone a site admin. The setting is read on every check, and the caller's address is read from the
/// accounts database (not from the sign-in cookie or token), so removing an address takes effect at once.
/// </summary>
public sealed class SiteAdmins(IConfiguration configuration, IServiceScopeFactory scopes)
{
    /// <summary>The configuration key.</summary>
    public const string Setting = "Security:SiteAdmins";

    /// <summary>The configured addresses (trimmed, empty entries dropped).</summary>
    public IReadOnlyList<string> Emails()
    {
        var section = configuration.GetSection(Setting);
        // Both forms, together: a list (Security__SiteAdmins__0=…) and one comma-separated value (Security__SiteAdmins=…).
        // appsettings.json's empty list gives the section the value "", which must not hide the list's entries.
        var values = new[] { section.Value ?? string.Empty }.Concat(section.GetChildren().Select(c => c.Value ?? string.Empty));
        return values
            .SelectMany(v => v.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    /// <summary>True when the signed-in <paramref name="user"/>'s account has a listed email address.</summary>
    public async Task<bool> IsSiteAdminAsync(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var emails = Emails();
        if (emails.Count == 0 || user.FindFirstValue(ClaimTypes.NameIdentifier) is null)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<AccountService>().FindByIdAsync(AccessService.UserId(user));
        return account?.Email is { Length: > 0 } email && emails.Contains(email, StringComparer.OrdinalIgnoreCase);
    }
}
