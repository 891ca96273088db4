using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task GivenHostRegisteredItsClockFirst_WhenAccountsAddedWithAConnectionString_ThenTheyAreOnSqliteAndUseThatClock()
    {
        var clock = new ManualClock();
        var folder = Directory.CreateTempSubdirectory("annotatehub-accounts-");
        try
        {
            var path = Path.Combine(folder.FullName, "annotatehub.db");
            await using (var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton<TimeProvider>(clock)
                .AddAnnotateHubAccounts($"Data Source={path};Pooling=False")
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
            {
                var database = services.GetRequiredService<AccountsDatabase>();
                Assert.Equal(AccountsProvider.Sqlite, database.Provider);
                await database.MigrateAsync();
                await using var scope = services.CreateAsyncScope();

                var result = await scope.ServiceProvider.GetRequiredService<AccountService>()
                    .CreateUserAsync("clock@example.org", "Clock", TestPasswords.Valid);

                Assert.Equal(ManualClock.DefaultStart, result.Value?.User.CreatedAt);
                Assert.IsType<SqliteAccountsDbContext>(scope.ServiceProvider.GetRequiredService<AccountsDbContext>());
            }

            Assert.True(new FileInfo(path).Length > 0, "the accounts are in the file the connection string names");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(AccountsProvider.Sqlite, typeof(SqliteAccountsDbContext), "Microsoft.EntityFrameworkCore.Sqlite")]
    [InlineData(AccountsProvider.Postgres, typeof(PostgresAccountsDbContext), "Npgsql.EntityFrameworkCore.PostgreSQL")]
    public async Task GivenAStore_WhenAccountsAdded_ThenTheScopedContextAndTheFactoryServeThatProvidersContext(AccountsProvider provider, Type contextType, string efProvider)
    {
        var connectionString = provider == AccountsProvider.Sqlite ? "Data Source=unused.db" : "Host=127.0.0.1;Database=unused;Username=nobody";
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddAnnotateHubAccounts(new AccountsStore(provider, connectionString))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await using var scope = services.CreateAsyncScope();
        var scoped = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        await using var created = await services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();

        Assert.IsType(contextType, scoped);
        Assert.IsType(contextType, created);
        Assert.Equal(efProvider, scoped.Database.ProviderName);
        Assert.Same(scoped, scope.ServiceProvider.GetRequiredService<AccountsDbContext>());
        Assert.Equal(provider, services.GetRequiredService<AccountsDatabase>().Provider);
        Assert.Equal(
            ["20261121000001_Accounts", "20261203000001_DataProtectionKeys"],
            await services.GetRequiredService<AccountsDatabase>().GetKnownMigrationsAsync());
    }

    [Fact]
    public void GivenAnUnusableStore_WhenAccountsAdded_ThenRejectedSayingWhy()
    {
        var blank = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddAnnotateHubAccounts(AccountsStore.Postgres("  ")));
        Assert.Contains("ConnectionStrings:AnnotateHub", blank.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddAnnotateHubAccounts(new AccountsStore((AccountsProvider)7, "Data Source=x.db")));
        Assert.Contains("Unknown accounts provider 7", unknown.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddAnnotateHubAccounts(
            AccountsStore.Postgres("Host=db") with { MigrationLockTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddAnnotateHubAccounts(" "));
    }

    [Fact]
    public void GivenAStoreWithAPassword_WhenPrinted_ThenThePasswordIsNotShown()
    {
        var store = AccountsStore.Postgres("Host=db.example.org;Username=annotatehub;Password=s3cret-Pa55");

        Assert.Equal("Postgres accounts store (ConnectionStrings:AnnotateHub)", store.ToString());
        Assert.DoesNotContain("s3cret", $"{store}", StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNoAccounts_WhenDataProtectionAdded_ThenItSaysToAddTheAccountsFirst()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddAnnotateHubDataProtection());

        Assert.Contains("call AddAnnotateHubAccounts first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAccountsAndDataProtection_ThenTheKeyRingIsTheAccountsDatabaseUnderTheApplicationNameAnnotateHub()
    {
        var services = new ServiceCollection().AddLogging().AddAnnotateHubAccounts("Data Source=unused.db");
        services.AddAnnotateHubDataProtection();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value;
        var discriminator = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator;

        Assert.IsType<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<AccountsDbContext>>(options.XmlRepository);
        Assert.Equal(AccountsServiceCollectionExtensions.DataProtectionApplicationName, discriminator);
    }
}
