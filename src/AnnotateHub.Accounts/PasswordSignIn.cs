using Microsoft.AspNetCore.Identity;

namespace AnnotateHub.Accounts;

/// <summary>The outcome of a password sign-in: the account when the password is right, else when to try again (if a wait applies).</summary>
/// <param name="User">The account signed in to; null when refused.</param>
/// <param name="RetryAfter">When refused, how long the next attempt must wait (<see cref="SignInThrottle"/>), or null.</param>
public sealed record PasswordSignInResult(AppUser? User, TimeSpan? RetryAfter)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Checks an email and password for the sign-in form. Every refusal looks the same to the caller, whether no account
/// has the email, the password is wrong, or the attempt came too soon after failures (<see cref="SignInThrottle"/>):
/// an email no account has costs a password hash too, so the answer takes about as long as for a wrong password.
/// </summary>
public sealed class PasswordSignIn(UserManager<AppUser> users, SignInManager<AppUser> signIn, SignInThrottle throttle)
{
    private static readonly Lock DummyGate = new();
    private static string? _dummyHash;

    /// <summary>Checks <paramref name="password"/> for <paramref name="email"/>, as asked from <paramref name="address"/>. Does not sign in.</summary>
    public async Task<PasswordSignInResult> CheckAsync(string? email, string? password, string? address)
    {
        if (throttle.WaitBefore(email, address) is { } wait)
        {
            return new PasswordSignInResult(null, wait);
        }

        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim()).ConfigureAwait(false);
        bool succeeded;
        if (user is null)
        {
            // The same work as for a wrong password, so that timing does not tell which emails have accounts.
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash(users.PasswordHasher), password ?? string.Empty);
            succeeded = false;
        }
        else
        {
            // Identity's lockout is not used (it let anyone lock a colleague out); a lockout left by an earlier version
            // refuses like a wrong password until it ends.
            var result = await signIn.CheckPasswordSignInAsync(user, password ?? string.Empty, lockoutOnFailure: false).ConfigureAwait(false);
            succeeded = result.Succeeded;
        }

        if (!succeeded)
        {
            throttle.RecordFailure(email, address);
            return new PasswordSignInResult(null, throttle.WaitBefore(email, address));
        }

        throttle.RecordSuccess(email);
        return new PasswordSignInResult(user, null);
    }

    private static string DummyHash(IPasswordHasher<AppUser> hasher)
    {
        lock (DummyGate)
        {
            return _dummyHash ??= hasher.HashPassword(new AppUser(), "not a password of any account " + Guid.NewGuid());
        }
    }
}
