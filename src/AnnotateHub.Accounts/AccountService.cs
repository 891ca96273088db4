using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnnotateHub.Accounts;

/// <summary>Creates and finds accounts. The user name of every account is its email address.</summary>
public sealed class AccountService(
    UserManager<AppUser> userManager,
    IDbContextFactory<AccountsDbContext> contextFactory,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Creates an account. With a null <paramref name="password"/> a strong random one is generated and returned
    /// once in <see cref="CreatedUser.GeneratedPassword"/>. Fails (changing nothing) on an invalid or taken email,
    /// a blank or too long display name, or a password that breaks the rules (each broken rule is an error).
    /// </summary>
    public async Task<AccountResult<CreatedUser>> CreateUserAsync(string email, string displayName, string? password)
    {
        var errors = new List<string>();
        var normalisedEmail = (email ?? "").Trim();
        var normalisedName = (displayName ?? "").Trim();

        if (normalisedEmail.Length == 0)
        {
            errors.Add("An email address is required.");
        }
        else if (!IsValidEmail(normalisedEmail))
        {
            errors.Add($"'{normalisedEmail}' is not a valid email address.");
        }
        else if (await userManager.FindByEmailAsync(normalisedEmail).ConfigureAwait(false) is not null)
        {
            errors.Add($"An account with the email '{normalisedEmail}' already exists.");
        }

        if (normalisedName.Length == 0)
        {
            errors.Add("A display name is required.");
        }
        else if (normalisedName.Length > AppUser.DisplayNameMaxLength)
        {
            errors.Add($"The display name must be at most {AppUser.DisplayNameMaxLength} characters.");
        }

        if (password is not null)
        {
            // Check the password now too, so one attempt reports every problem.
            foreach (var validator in userManager.PasswordValidators)
            {
                var check = await validator.ValidateAsync(userManager, new AppUser(), password).ConfigureAwait(false);
                errors.AddRange(check.Errors.Select(e => e.Description));
            }
        }

        if (errors.Count > 0)
        {
            return AccountResult<CreatedUser>.Failure(errors);
        }

        var generated = password is null ? PasswordGenerator.Generate() : null;
        var user = new AppUser
        {
            UserName = normalisedEmail,
            Email = normalisedEmail,
            DisplayName = normalisedName,
            CreatedAt = timeProvider.GetUtcNow(),
        };

        IdentityResult result;
        try
        {
            result = await userManager.CreateAsync(user, password ?? generated!).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another request may have created the same address between our check and our insert; the unique
            // user-name index (user name = email) stops the second one.
            if (await EmailTakenAsync(normalisedEmail).ConfigureAwait(false))
            {
                return AccountResult<CreatedUser>.Failure($"An account with the email '{normalisedEmail}' already exists.");
            }

            throw;
        }

        if (!result.Succeeded)
        {
            return AccountResult<CreatedUser>.Failure(Describe(result, normalisedEmail));
        }

        return AccountResult<CreatedUser>.Success(new CreatedUser(user, generated));
    }

    /// <summary>The account with this email (case-insensitive), or null.</summary>
    public Task<AppUser?> FindByEmailAsync(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return userManager.FindByEmailAsync(email.Trim());
    }

    /// <summary>The account with this id, or null.</summary>
    public Task<AppUser?> FindByIdAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return userManager.FindByIdAsync(id);
    }

    /// <summary>Every account, by email.</summary>
    public async Task<IReadOnlyList<AppUser>> ListUsersAsync()
    {
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        return await context.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail).ToListAsync().ConfigureAwait(false);
    }

    private async Task<bool> EmailTakenAsync(string email)
    {
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        var normalised = userManager.NormalizeEmail(email);
        return await context.Users.AnyAsync(u => u.NormalizedUserName == normalised || u.NormalizedEmail == normalised).ConfigureAwait(false);
    }

    private static bool IsValidEmail(string email) =>
        MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.Host.Length > 0;

    private static List<string> Describe(IdentityResult result, string email)
    {
        var errors = new List<string>();
        var duplicate = result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName));
        if (duplicate)
        {
            // Raced with another create of the same address: say it once, in our words.
            errors.Add($"An account with the email '{email}' already exists.");
        }

        errors.AddRange(result.Errors
            .Where(e => e.Code is not (nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            .Select(e => e.Description));
        return errors;
    }
}
