using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

public sealed class LockoutTests
{
    [Fact]
    public async Task GivenNewUser_WhenPasswordFailsFiveTimes_ThenLockedOutForFifteenMinutesEvenWithTheRightPassword()
    {
        await using var host = await AccountsHost.StartAsync();
        var created = await host.CreateUserAsync("mallory-target@example.org");
        await using var scope = host.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = (await signIn.UserManager.FindByIdAsync(created.Id))!;
        Assert.True(user.LockoutEnabled, "lockout applies to new users");

        // Identity 10 reads the system clock for lockout (TimeProvider support arrives in .NET 11), so the window is
        // measured against the system clock, bracketed rather than waited for.
        var before = TimeProvider.System.GetUtcNow();
        var results = new List<SignInResult>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            results.Add(await signIn.CheckPasswordSignInAsync(user, "wrong password 1", lockoutOnFailure: true));
        }

        Assert.All(results.Take(4), r => Assert.False(r.Succeeded || r.IsLockedOut));
        Assert.True(results[4].IsLockedOut, "the fifth failure locks the account");
        var after = TimeProvider.System.GetUtcNow();
        Assert.True((await signIn.CheckPasswordSignInAsync(user, TestPasswords.Valid, lockoutOnFailure: true)).IsLockedOut);
        var lockoutEnd = await signIn.UserManager.GetLockoutEndDateAsync(user);
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value, before.AddMinutes(15), after.AddMinutes(15));

        // The lockout is stored, not just remembered by this scope.
        await using var later = host.Services.CreateAsyncScope();
        var users = later.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(created.Id))!));
    }

    [Fact]
    public async Task GivenFourFailures_WhenRightPasswordGiven_ThenCounterResetsAndFourMoreFailuresDoNotLock()
    {
        await using var host = await AccountsHost.StartAsync();
        var created = await host.CreateUserAsync("forgetful@example.org");
        await using var scope = host.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = (await signIn.UserManager.FindByIdAsync(created.Id))!;

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await signIn.CheckPasswordSignInAsync(user, "wrong password 1", lockoutOnFailure: true);
        }

        Assert.True((await signIn.CheckPasswordSignInAsync(user, TestPasswords.Valid, lockoutOnFailure: true)).Succeeded);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.False((await signIn.CheckPasswordSignInAsync(user, "wrong password 1", lockoutOnFailure: true)).IsLockedOut);
        }
    }
}
