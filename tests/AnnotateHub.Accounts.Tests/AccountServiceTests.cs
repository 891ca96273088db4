using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

public abstract class AccountServiceTests(AccountsProvider provider)
{
    public sealed class OnSqlite() : AccountServiceTests(AccountsProvider.Sqlite);

    public sealed class OnPostgres() : AccountServiceTests(AccountsProvider.Postgres);

    [Fact]
    public async Task GivenValidDetails_WhenUserCreated_ThenPasswordIsStoredHashedAndSignsIn()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync("  Ada@Example.org ", " Ada Lovelace ", TestPasswords.Valid));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var created = result.Value!;
        Assert.Null(created.GeneratedPassword);
        Assert.Equal("Ada@Example.org", created.User.Email);
        Assert.Equal("Ada@Example.org", created.User.UserName);
        Assert.Equal("Ada Lovelace", created.User.DisplayName);
        Assert.Equal(host.Clock.GetUtcNow(), created.User.CreatedAt);

        await using (var connection = await host.OpenRawConnectionAsync())
        {
            var stored = Assert.IsType<string>(await connection.ScalarAsync("""SELECT "PasswordHash" FROM "AspNetUsers" WHERE "Id" = @id""", ("@id", created.User.Id)));
            Assert.DoesNotContain(TestPasswords.Valid, stored, StringComparison.Ordinal);
            Assert.True(stored.Length > 40, "a password hash is stored");
        }

        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var reloaded = await users.FindByEmailAsync("ada@example.org");
        Assert.NotNull(reloaded);
        Assert.True(await users.CheckPasswordAsync(reloaded, TestPasswords.Valid));
        Assert.False(await users.CheckPasswordAsync(reloaded, TestPasswords.Valid + "x"));
    }

    [Fact]
    public async Task GivenNoPassword_WhenUserCreated_ThenGeneratedPasswordIsStrongAndSignsIn()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync("grace@example.org", "Grace Hopper", password: null));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var generated = result.Value!.GeneratedPassword;
        Assert.NotNull(generated);
        Assert.True(generated.Length >= 20, $"generated password '{generated}' is long");
        Assert.Contains(generated, char.IsDigit);
        Assert.Contains(generated, char.IsLower);
        Assert.Contains(generated, char.IsUpper);

        await using var scope = host.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.UserManager.FindByEmailAsync("grace@example.org");
        Assert.NotNull(user);
        Assert.True(await signIn.UserManager.CheckPasswordAsync(user, generated));
        Assert.True((await signIn.CheckPasswordSignInAsync(user, generated, lockoutOnFailure: true)).Succeeded);
    }

    [Fact]
    public async Task GivenTwoGeneratedPasswords_WhenCompared_ThenTheyDiffer()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var first = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(a => a.CreateUserAsync("a@example.org", "A", null));
        var second = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(a => a.CreateUserAsync("b@example.org", "B", null));

        Assert.NotEqual(first.Value!.GeneratedPassword, second.Value!.GeneratedPassword);
    }

    [Fact]
    public async Task GivenExistingEmail_WhenUserCreatedWithSameEmailInOtherCase_ThenRejectedWithOneClearMessage()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        await host.CreateUserAsync("ada@example.org", "Ada");

        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync("ADA@example.org", "Another Ada", TestPasswords.Valid));

        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        Assert.Equal(["An account with the email 'ADA@example.org' already exists."], result.Errors);
        var all = await host.InScopeAsync<AccountService, IReadOnlyList<AppUser>>(accounts => accounts.ListUsersAsync());
        Assert.Single(all);
    }

    [Fact]
    public async Task GivenTwoRequestsForTheSameEmailAtOnce_WhenBothCreate_ThenExactlyOneAccountExists()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() =>
            host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
                accounts => accounts.CreateUserAsync("twice@example.org", $"Twin {i}", TestPasswords.Valid)))));

        Assert.Single(results, r => r.Succeeded);
        var rejected = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(["An account with the email 'twice@example.org' already exists."], rejected.Errors);
        Assert.Single(await host.InScopeAsync<AccountService, IReadOnlyList<AppUser>>(accounts => accounts.ListUsersAsync()));
    }

    [Fact]
    public async Task GivenWeakPassword_WhenUserCreated_ThenRejectedListingEveryBrokenRuleAndNothingStored()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync("weak@example.org", "Weak", "AAAA"));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("at least 10 characters", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("digit", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("lowercase", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("4 different characters", StringComparison.Ordinal));
        Assert.Empty(await host.InScopeAsync<AccountService, IReadOnlyList<AppUser>>(accounts => accounts.ListUsersAsync()));
    }

    [Fact]
    public async Task GivenPasswordMeetingOnlyTheMinimum_WhenUserCreated_ThenAccepted()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        // 10 characters, one digit, lower-case, 4 distinct; no upper-case and no symbol needed.
        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync("min@example.org", "Min", "abcdabcda1"));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
    }

    [Theory]
    [InlineData("", "Name", "An email address is required.")]
    [InlineData("not-an-email", "Name", "'not-an-email' is not a valid email address.")]
    [InlineData("two words@example.org", "Name", "'two words@example.org' is not a valid email address.")]
    [InlineData("ok@example.org", "   ", "A display name is required.")]
    public async Task GivenInvalidDetails_WhenUserCreated_ThenRejectedWithClearMessage(string email, string displayName, string expected)
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync(email, displayName, TestPasswords.Valid));

        Assert.Equal([expected], result.Errors);
        Assert.Empty(await host.InScopeAsync<AccountService, IReadOnlyList<AppUser>>(accounts => accounts.ListUsersAsync()));
    }

    [Fact]
    public async Task GivenTooLongDisplayName_WhenUserCreated_ThenRejected()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync("long@example.org", new string('x', AppUser.DisplayNameMaxLength + 1), TestPasswords.Valid));

        Assert.Equal(["The display name must be at most 100 characters."], result.Errors);
    }

    [Theory]
    [InlineData("o'brien@example.org")]
    [InlineData("first.last+factcheck@example.org")]
    [InlineData("josé@example.org")]
    public async Task GivenEmailWithUncommonButValidCharacters_WhenUserCreated_ThenAcceptedAndFoundByEmail(string email)
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var result = await host.InScopeAsync<AccountService, AccountResult<CreatedUser>>(
            accounts => accounts.CreateUserAsync(email, "Someone", TestPasswords.Valid));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(result.Value!.User.Id, (await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByEmailAsync(email)))?.Id);
    }

    [Fact]
    public async Task GivenSeveralUsers_WhenFoundAndListed_ThenEachIsReturned()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var zed = await host.CreateUserAsync("zed@example.org", "Zed");
        var amy = await host.CreateUserAsync("amy@example.org", "Amy");

        var byEmail = await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByEmailAsync(" ZED@example.org "));
        var byId = await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByIdAsync(amy.Id));
        var unknown = await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByEmailAsync("nobody@example.org"));
        var all = await host.InScopeAsync<AccountService, IReadOnlyList<AppUser>>(accounts => accounts.ListUsersAsync());

        Assert.Equal(zed.Id, byEmail?.Id);
        Assert.Equal("Amy", byId?.DisplayName);
        Assert.Null(unknown);
        Assert.Equal(["amy@example.org", "zed@example.org"], all.Select(u => u.Email));
    }
}
