using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnnotateHub.Accounts.Tests;

/// <summary>Several nodes migrating one PostgreSQL database at once, and the messages of a database that cannot be used.</summary>
public sealed class PostgresMigrationTests
{
    private const string WaitingForTheLock = """
        SELECT count(*) FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """;

    [Fact]
    public async Task GivenTwoNodesStartingAtOnce_WhenBothMigrateAFreshDatabase_ThenTheyQueueOnTheLockAndBothSucceed()
    {
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Postgres, migrate: false);
        await using var nodeB = host.BuildNode();
        // Hold the migration lock, so that both nodes are sure to be migrating at the same moment when it is released.
        await using var holder = await host.PostgresDatabase!.OpenRawConnectionAsync();
        await holder.ExecuteAsync($"SELECT pg_advisory_lock({AccountsDatabase.PostgresMigrationLockKey});");

        var migrateA = host.Services.GetRequiredService<AccountsDatabase>().MigrateAsync();
        var migrateB = nodeB.GetRequiredService<AccountsDatabase>().MigrateAsync();
        try
        {
            await Timeouts.UntilAsync(async () => (long)(await holder.ScalarAsync(WaitingForTheLock))! == 2, "both nodes to wait for the migration lock");
            Assert.False(migrateA.IsCompleted || migrateB.IsCompleted, "a node migrated without waiting for the migration lock");
            Assert.Equal(0L, await holder.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        }
        finally
        {
            // Also after a failed assertion: the migrations must end before the database is dropped.
            await holder.ExecuteAsync($"SELECT pg_advisory_unlock({AccountsDatabase.PostgresMigrationLockKey});");
            await migrateA.WithTimeout("node A to migrate");
            await migrateB.WithTimeout("node B to migrate");
        }

        Assert.Equal(PostgresSchemaTests.Migrations, await nodeB.GetRequiredService<AccountsDatabase>().GetAppliedMigrationsAsync());
        Assert.Equal(
            PostgresSchemaTests.Migrations,
            (await holder.RowsAsync("""SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """)).Select(row => (string)row["MigrationId"]!));
        var user = await host.CreateUserAsync("first@example.org");
        await using var scope = nodeB.CreateAsyncScope();
        Assert.Equal(user.Id, (await scope.ServiceProvider.GetRequiredService<AccountService>().FindByEmailAsync("first@example.org"))?.Id);
    }

    [Fact]
    public async Task GivenFourNodes_WhenAllMigrateAFreshDatabaseConcurrently_ThenAllSucceedAndEachMigrationIsRecordedOnce()
    {
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Postgres, migrate: false);
        var nodes = Enumerable.Range(0, 3).Select(_ => host.BuildNode()).ToList();
        try
        {
            await Task.WhenAll(nodes.Prepend(host.Services).Select(node => Task.Run(() => node.GetRequiredService<AccountsDatabase>().MigrateAsync())))
                .WithTimeout("four nodes to migrate");

            await using var connection = await host.OpenRawConnectionAsync();
            Assert.Equal(
                PostgresSchemaTests.Migrations,
                (await connection.RowsAsync("""SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """)).Select(row => (string)row["MigrationId"]!));
            Assert.Equal(0L, await connection.ScalarAsync(WaitingForTheLock.Replace("NOT granted", "granted", StringComparison.Ordinal)));
            // The first Data Protection key is created under the same lock: one for all four.
            Assert.Equal(1L, await connection.ScalarAsync("""SELECT count(*) FROM "DataProtectionKeys" """));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task GivenAnotherNodeHoldingTheLockTooLong_WhenMigrating_ThenItGivesUpSayingWhatItWaitedFor()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await using (database)
        {
            await using var holder = await database.OpenRawConnectionAsync();
            await holder.ExecuteAsync($"SELECT pg_advisory_lock({AccountsDatabase.PostgresMigrationLockKey});");
            var store = AccountsStore.Postgres(database.ConnectionString) with { MigrationLockTimeout = TimeSpan.FromSeconds(1) };
            await using var services = new ServiceCollection().AddLogging().AddAnnotateHubAccounts(store).BuildServiceProvider();

            var error = await Assert.ThrowsAsync<TimeoutException>(() => services.GetRequiredService<AccountsDatabase>().MigrateAsync().WithTimeout("the migration to give up", TimeSpan.FromSeconds(20)));

            Assert.Contains($"Waited 1 s for the accounts migration lock of the PostgreSQL database '{database.Name}'", error.Message, StringComparison.Ordinal);
            Assert.Equal(0L, await holder.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        }
    }

    [Fact]
    public async Task GivenNothingListeningAtTheAddress_WhenMigrating_ThenTheMessageNamesTheAddressAndTheSettingToFix()
    {
        // Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
        var store = AccountsStore.Postgres("Host=127.0.0.1;Port=1;Database=annotatehub;Username=annotatehub;Password=not-shown-1");
        await using var services = new ServiceCollection().AddLogging().AddAnnotateHubAccounts(store).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<AccountsDatabase>().MigrateAsync().WithTimeout("the migration to fail"));

        Assert.StartsWith("Cannot connect to PostgreSQL at 127.0.0.1:1, database 'annotatehub', user 'annotatehub', to migrate the accounts", error.Message, StringComparison.Ordinal);
        Assert.Contains("check Host=… and Port=…", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Fix the setting ConnectionStrings:AnnotateHub.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-shown-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenADatabaseThatDoesNotExist_WhenMigrating_ThenTheMessageSaysToCreateIt()
    {
        var server = await PostgresServer.GetAsync();
        var store = AccountsStore.Postgres(server.ConnectionStringFor("annotatehub_missing_" + Guid.NewGuid().ToString("N")));
        await using var services = new ServiceCollection().AddLogging().AddAnnotateHubAccounts(store).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<AccountsDatabase>().MigrateAsync().WithTimeout("the migration to fail"));

        Assert.Contains("that database does not exist: create it, or fix Database=… in the setting", error.Message, StringComparison.Ordinal);
        Assert.IsType<PostgresException>(error.InnerException);
    }

    [Fact]
    public async Task GivenAConnectionStringNpgsqlCannotRead_WhenMigrating_ThenTheMessageNamesTheSetting()
    {
        var store = AccountsStore.Postgres("Host=db.example.org;Port=not-a-number") with { SettingName = "ConnectionStrings:Accounts" };
        await using var services = new ServiceCollection().AddLogging().AddAnnotateHubAccounts(store).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<AccountsDatabase>().MigrateAsync());

        Assert.StartsWith("The setting ConnectionStrings:Accounts is not a valid Npgsql connection string", error.Message, StringComparison.Ordinal);
    }
}
