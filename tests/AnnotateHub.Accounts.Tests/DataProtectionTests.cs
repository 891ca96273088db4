using System.Security.Cryptography;
using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

/// <summary>
/// The Data Protection key ring lives in the accounts database (<see cref="AccountsServiceCollectionExtensions.AddAnnotateHubDataProtection"/>):
/// what one node protects (a sign-in cookie, an antiforgery token) another node on the same database unprotects, and a
/// restarted node still reads what it protected before.
/// </summary>
public abstract class DataProtectionTests(AccountsProvider provider)
{
    public sealed class OnSqlite() : DataProtectionTests(AccountsProvider.Sqlite);

    public sealed class OnPostgres() : DataProtectionTests(AccountsProvider.Postgres);

    private const string Purpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";

    [Fact]
    public async Task GivenTwoNodesOnOneDatabase_WhenNodeAProtects_ThenNodeBUnprotectsAndBackAgain()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        await using var nodeB = host.BuildNode();
        var protectorA = Protector(host.Services, Purpose);
        var protectorB = Protector(nodeB, Purpose);

        var fromA = protectorA.Protect("signed in on node A");
        Assert.Equal("signed in on node A", protectorB.Unprotect(fromA));
        Assert.Equal("signed in on node B", protectorA.Unprotect(protectorB.Protect("signed in on node B")));

        // One key, stored once, serves both nodes.
        await using var connection = await host.OpenRawConnectionAsync();
        var key = Assert.Single(await connection.RowsAsync("""SELECT "FriendlyName", "Xml" FROM "DataProtectionKeys" """));
        Assert.Contains("<key id=", (string)key["Xml"]!, StringComparison.Ordinal);
        // Purposes still separate: node B refuses the payload for another purpose.
        Assert.ThrowsAny<CryptographicException>(() => Protector(nodeB, "another purpose").Unprotect(fromA));
    }

    [Fact]
    public async Task GivenANodeOnAnotherDatabase_WhenItUnprotectsNodeAsPayload_ThenItCannot()
    {
        // What the shared ring changes: without it (another database, so another ring) the payload is unreadable.
        await using var host = await AccountsHost.StartAsync(provider);
        await using var elsewhere = await AccountsHost.StartAsync(provider);
        var fromA = Protector(host.Services, Purpose).Protect("signed in on node A");

        Assert.ThrowsAny<CryptographicException>(() => Protector(elsewhere.Services, Purpose).Unprotect(fromA));
    }

    [Fact]
    public async Task GivenProtectedData_WhenTheNodeRestartsOnTheSameDatabase_ThenItStillUnprotectsIt()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        string payload;
        await using (var before = host.BuildNode())
        {
            payload = Protector(before, Purpose).Protect("issued before the restart");
        }

        await using var after = host.BuildNode();

        Assert.Equal("issued before the restart", Protector(after, Purpose).Unprotect(payload));
    }

    [Fact]
    public async Task GivenAnEmptyRing_WhenMigrated_ThenItHoldsOneKeyActiveNowAndMigratingAgainAddsNone()
    {
        // Nodes starting together must share their first key: migration (one node at a time) creates it, not first use.
        await using var host = await AccountsHost.StartAsync(provider);
        await using var nodeB = host.BuildNode();
        var key = Assert.Single(host.Services.GetRequiredService<IKeyManager>().GetAllKeys());
        Assert.True(key.ActivationDate <= DateTimeOffset.UtcNow && DateTimeOffset.UtcNow < key.ExpirationDate, "the first key is active now");

        await nodeB.GetRequiredService<AccountsDatabase>().MigrateAsync();
        Protector(nodeB, Purpose).Unprotect(Protector(host.Services, Purpose).Protect("signed in"));

        Assert.Equal(key.KeyId, Assert.Single(nodeB.GetRequiredService<IKeyManager>().GetAllKeys()).KeyId);
    }

    [Fact]
    public async Task GivenEveryKeyRevoked_WhenMigrated_ThenANewKeyActiveNowIsAdded()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var keys = host.Services.GetRequiredService<IKeyManager>();
        var first = Assert.Single(keys.GetAllKeys());
        keys.RevokeAllKeys(DateTimeOffset.UtcNow, "test: every key revoked");

        await host.Services.GetRequiredService<AccountsDatabase>().MigrateAsync();

        var usable = Assert.Single(keys.GetAllKeys(), k => !k.IsRevoked);
        Assert.NotEqual(first.KeyId, usable.KeyId);
        Assert.True(usable.ActivationDate <= DateTimeOffset.UtcNow, "the new key is active now");
    }

    [Fact]
    public async Task GivenAccountsWithoutDataProtection_WhenMigrated_ThenTheKeyTableStaysEmpty()
    {
        await using var host = await AccountsHost.StartAsync(provider, migrate: false);
        await using var withoutDataProtection = new ServiceCollection().AddLogging().AddAnnotateHubAccounts(host.Store).BuildServiceProvider();

        await withoutDataProtection.GetRequiredService<AccountsDatabase>().MigrateAsync();

        await using var connection = await host.OpenRawConnectionAsync();
        Assert.Equal(0L, Convert.ToInt64(await connection.ScalarAsync("""SELECT count(*) FROM "DataProtectionKeys" """), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IDataProtector Protector(IServiceProvider services, string purpose) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose);
}
