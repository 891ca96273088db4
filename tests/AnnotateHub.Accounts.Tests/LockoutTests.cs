using System.Diagnostics;
using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

/// <summary>
/// Failed sign-ins cost a growing wait per account and per client address (<see cref="SignInThrottle"/>), never a hard
/// lock; every refusal looks the same. Time is the host's <see cref="ManualClock"/>, moved by hand.
/// </summary>
public abstract class LockoutTests(AccountsProvider provider)
{
    public sealed class OnSqlite() : LockoutTests(AccountsProvider.Sqlite);

    public sealed class OnPostgres() : LockoutTests(AccountsProvider.Postgres);

    private const string Mallory = "203.0.113.66";
    private const string Owner = "198.51.100.7";

    [Fact]
    public async Task GivenThreeFailures_WhenAttemptsGoOn_ThenEachWaitsOneTwoFourSecondsAndOneTooSoonIsRefusedUnchecked()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        await host.CreateUserAsync("target@example.org");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failed = await CheckAsync(host, "target@example.org", "wrong password 1", Mallory);
            Assert.False(failed.Succeeded);
            Assert.Equal(attempt < 3 ? null : TimeSpan.FromSeconds(1), failed.RetryAfter);
        }

        // Too soon: refused without looking at the password, even the right one; the wait does not grow.
        var early = await CheckAsync(host, "target@example.org", TestPasswords.Valid, Mallory);
        Assert.False(early.Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1), early.RetryAfter);

        foreach (var seconds in new[] { 1, 2, 4, 8 })
        {
            host.Clock.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(TimeSpan.FromMilliseconds(1), (await CheckAsync(host, "target@example.org", "wrong password 1", Mallory)).RetryAfter);
            host.Clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(TimeSpan.FromSeconds(seconds * 2), (await CheckAsync(host, "target@example.org", "wrong password 1", Mallory)).RetryAfter);
        }
    }

    [Fact]
    public async Task GivenManyFailuresFromOtherAddresses_WhenTheOwnerSignsInAfterAtMostAMinute_ThenItSucceedsAndTheCountResets()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        await host.CreateUserAsync("colleague@example.org");

        // Twenty posts from twenty addresses: with Identity's lockout, five locked the account for 15 minutes.
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            host.Clock.Advance(SignInThrottle.AccountMaxDelay);
            await CheckAsync(host, "colleague@example.org", "wrong password 1", $"192.0.2.{attempt}");
        }

        var early = await CheckAsync(host, "colleague@example.org", TestPasswords.Valid, Owner);
        Assert.False(early.Succeeded);
        Assert.True(early.RetryAfter <= SignInThrottle.AccountMaxDelay, $"the owner waits {early.RetryAfter}");

        host.Clock.Advance(early.RetryAfter!.Value);
        Assert.True((await CheckAsync(host, "colleague@example.org", TestPasswords.Valid, Owner)).Succeeded);

        // The count started again: a typo now costs no wait.
        Assert.Null((await CheckAsync(host, "colleague@example.org", "wrong password 1", Owner)).RetryAfter);
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("colleague@example.org"))!));
    }

    [Fact]
    public async Task GivenOneAddressGuessingManyAccounts_ThenThatAddressWaitsLongerAndLongerButOthersDoNot()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        await host.CreateUserAsync("someone@example.org");

        TimeSpan? wait = null;
        for (var attempt = 1; attempt <= 14; attempt++)
        {
            host.Clock.Advance(wait ?? TimeSpan.Zero);
            wait = (await CheckAsync(host, $"guess{attempt}@example.org", "wrong password 1", Mallory)).RetryAfter;
        }

        Assert.Equal(SignInThrottle.AddressMaxDelay, wait);
        Assert.False((await CheckAsync(host, "someone@example.org", TestPasswords.Valid, Mallory)).Succeeded);
        Assert.True((await CheckAsync(host, "someone@example.org", TestPasswords.Valid, Owner)).Succeeded);
    }

    [Fact]
    public async Task GivenAnUnknownEmailAndAWrongPassword_ThenTheRefusalsAreAlikeAndTakeAboutAsLong()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        await host.CreateUserAsync("known@example.org");
        await CheckAsync(host, "warm-up@example.org", "wrong password 1", "192.0.2.200");

        var unknown = TimeSpan.Zero;
        var wrong = TimeSpan.Zero;
        for (var i = 0; i < 4; i++)
        {
            // Separate addresses and a clock past every wait, so the throttle never answers for the password check.
            host.Clock.Advance(SignInThrottle.ForgetAfter + TimeSpan.FromSeconds(1));
            var watch = Stopwatch.StartNew();
            var a = await CheckAsync(host, "nobody@example.org", "wrong password 1", $"192.0.2.{i}");
            unknown += watch.Elapsed;
            watch.Restart();
            var b = await CheckAsync(host, "known@example.org", "wrong password 1", $"198.51.100.{i}");
            wrong += watch.Elapsed;
            Assert.Equal(a, b);
        }

        // Without the dummy hash an unknown email answers in a fraction of a millisecond, against tens for a hash.
        Assert.True(unknown > wrong * 0.3, $"unknown email: {unknown.TotalMilliseconds:F1} ms; wrong password: {wrong.TotalMilliseconds:F1} ms");
    }

    private static async Task<PasswordSignInResult> CheckAsync(AccountsHost host, string email, string password, string address)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PasswordSignIn>().CheckAsync(email, password, address);
    }
}
