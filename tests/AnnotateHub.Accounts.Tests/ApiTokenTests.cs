using System.Security.Cryptography;
using System.Text;
using AnnotateHub.Accounts.Tests.Infrastructure;

namespace AnnotateHub.Accounts.Tests;

public abstract class ApiTokenTests(AccountsProvider provider)
{
    public sealed class OnSqlite() : ApiTokenTests(AccountsProvider.Sqlite);

    public sealed class OnPostgres() : ApiTokenTests(AccountsProvider.Postgres);

    [Fact]
    public async Task GivenIssuedToken_WhenValidatedThenRevoked_ThenValidUntilRevoked()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org", "Ada");

        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, " CI export ", null));

        Assert.Matches("^ahp_[A-Za-z0-9_-]{43}$", issued.Secret);
        Assert.Equal("CI export", issued.Token.Name);
        Assert.Equal(issued.Secret[4..12], issued.Token.Prefix);
        Assert.Equal(host.Clock.GetUtcNow(), issued.Token.CreatedAt);

        var validation = await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret));
        Assert.NotNull(validation);
        Assert.Equal(issued.Token.Id, validation.Token.Id);
        Assert.Equal(ada.Id, validation.User.Id);
        Assert.Equal("Ada", validation.User.DisplayName);

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await host.InScopeAsync<ApiTokenService, bool>(t => t.RevokeAsync(ada.Id, issued.Token.Id)));

        Assert.Null(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret)));
        var listed = Assert.Single(await host.InScopeAsync<ApiTokenService, IReadOnlyList<ApiToken>>(t => t.ListAsync(ada.Id)));
        Assert.Equal(host.Clock.GetUtcNow(), listed.RevokedAt);
    }

    [Fact]
    public async Task GivenTokenWithExpiry_WhenClockPassesIt_ThenValidationFails()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var expiresAt = host.Clock.GetUtcNow().AddDays(30);
        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "temp", expiresAt));

        host.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret)));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret)));
    }

    [Fact]
    public async Task GivenIssuedToken_WhenDatabaseScanned_ThenOnlyTheHashOfTheSecretIsStored()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "laptop", null));
        var body = issued.Secret["ahp_".Length..];

        await using var connection = await host.OpenRawConnectionAsync();
        var row = Assert.Single(await connection.RowsAsync("""SELECT * FROM "ApiTokens" """))
            .ToDictionary(cell => cell.Key, cell => Convert.ToString(cell.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        Assert.All(row, cell => Assert.DoesNotContain(body, cell.Value, StringComparison.Ordinal));
        Assert.All(row, cell => Assert.DoesNotContain(body[..16], cell.Value, StringComparison.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issued.Secret))), row["Hash"]);
        Assert.Equal(body[..8], row["Prefix"]);
    }

    [Fact]
    public async Task GivenSeveralTokens_WhenListed_ThenNewestFirstWithPrefixAndNoSecret()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var bob = await host.CreateUserAsync("bob@example.org");
        var first = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "first", null));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "second", null));
        await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(bob.Id, "bob's", null));

        var listed = await host.InScopeAsync<ApiTokenService, IReadOnlyList<ApiToken>>(t => t.ListAsync(ada.Id));

        Assert.Equal(["second", "first"], listed.Select(t => t.Name));
        Assert.Equal([second.Secret[4..12], first.Secret[4..12]], listed.Select(t => t.Prefix));
        foreach (var token in listed)
        {
            foreach (var property in typeof(ApiToken).GetProperties())
            {
                var value = Convert.ToString(property.GetValue(token), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Assert.DoesNotContain(first.Secret[4..], value, StringComparison.Ordinal);
                Assert.DoesNotContain(second.Secret[4..], value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task GivenAnotherUsersToken_WhenRevoked_ThenRefusedAndTokenStillWorks()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var mallory = await host.CreateUserAsync("mallory@example.org");
        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "laptop", null));

        Assert.False(await host.InScopeAsync<ApiTokenService, bool>(t => t.RevokeAsync(mallory.Id, issued.Token.Id)));
        Assert.False(await host.InScopeAsync<ApiTokenService, bool>(t => t.RevokeAsync(ada.Id, "no-such-token")));

        Assert.NotNull(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret)));
    }

    [Fact]
    public async Task GivenRevokedToken_WhenRevokedAgain_ThenStillRevokedAtTheFirstTime()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "laptop", null));
        await host.InScopeAsync<ApiTokenService, bool>(t => t.RevokeAsync(ada.Id, issued.Token.Id));
        var firstRevocation = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromHours(1));

        Assert.True(await host.InScopeAsync<ApiTokenService, bool>(t => t.RevokeAsync(ada.Id, issued.Token.Id)));

        var listed = Assert.Single(await host.InScopeAsync<ApiTokenService, IReadOnlyList<ApiToken>>(t => t.ListAsync(ada.Id)));
        Assert.Equal(firstRevocation, listed.RevokedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ahp_")]
    [InlineData("not a token at all")]
    [InlineData("ahp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task GivenUnknownOrMalformedSecret_WhenValidated_ThenNull(string secret)
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "laptop", null));

        Assert.Null(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(secret)));
    }

    [Fact]
    public async Task GivenIssuedToken_WhenSecretAltered_ThenNull()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "laptop", null));
        var last = issued.Secret[^1];
        var altered = issued.Secret[..^1] + (last == 'A' ? 'B' : 'A');

        Assert.Null(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(altered)));
        Assert.Null(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret.ToUpperInvariant())));
    }

    [Fact]
    public async Task GivenTokenInUse_WhenValidatedRepeatedly_ThenLastUsedIsWrittenAtMostOncePerMinute()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "laptop", null));
        Assert.Null(issued.Token.LastUsedAt);

        var start = host.Clock.GetUtcNow();
        await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret));
        Assert.Equal(start, await LastUsedAsync());

        host.Clock.Advance(TimeSpan.FromSeconds(59));
        await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret));
        Assert.Equal(start, await LastUsedAsync());

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret));
        Assert.Equal(start.AddMinutes(1), await LastUsedAsync());

        async Task<DateTimeOffset?> LastUsedAsync() =>
            Assert.Single(await host.InScopeAsync<ApiTokenService, IReadOnlyList<ApiToken>>(t => t.ListAsync(ada.Id))).LastUsedAt;
    }

    [Fact]
    public async Task GivenBadRequests_WhenIssuing_ThenRejectedAndNothingStored()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");

        await Assert.ThrowsAsync<ArgumentException>(() => host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync("no-such-user", "x", null)));
        await Assert.ThrowsAsync<ArgumentException>(() => host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "  ", null)));
        await Assert.ThrowsAsync<ArgumentException>(() => host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, new string('x', 101), null)));
        await Assert.ThrowsAsync<ArgumentException>(() => host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "past", host.Clock.GetUtcNow())));

        Assert.Empty(await host.InScopeAsync<ApiTokenService, IReadOnlyList<ApiToken>>(t => t.ListAsync(ada.Id)));
    }
}
