using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

/// <summary>
/// The hand-written SQLite migrations are the only way the accounts schema reaches a SQLite file, and no design-time
/// tools check them: these tests do. Every future migration must keep them green. (PostgreSQL: <see cref="PostgresSchemaTests"/>.)
/// </summary>
public sealed class SqliteSchemaTests
{
    /// <summary>The migrations of SQLite, in order. Released ids are recorded in users' files and never change.</summary>
    public static readonly string[] Migrations = ["20261121000001_Accounts", "20261203000001_DataProtectionKeys"];

    public static readonly string[] AccountsTables =
    [
        "ApiTokens", "AspNetRoleClaims", "AspNetRoles", "AspNetUserClaims", "AspNetUserLogins",
        "AspNetUserRoles", "AspNetUserTokens", "AspNetUsers", "DataProtectionKeys", "Memberships",
    ];

    private static readonly string PreviousRelease = Path.Combine(AppContext.BaseDirectory, "Fixtures", "release-2026-11-22.db");

    [Fact]
    public async Task GivenFreshFiles_WhenMigratedAndWhenEnsureCreated_ThenSchemasAreIdentical()
    {
        await using var migrated = await AccountsHost.StartAsync(AccountsProvider.Sqlite, migrate: true);
        await using var created = await AccountsHost.StartAsync(AccountsProvider.Sqlite, migrate: false);
        await using (var scope = created.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.EnsureCreatedAsync());
        }

        var fromMigrations = SqliteSchemaReader.Describe(migrated.DatabasePath!);
        var fromModel = SqliteSchemaReader.Describe(created.DatabasePath!);

        var missing = fromModel.Except(fromMigrations).ToList();
        var extra = fromMigrations.Except(fromModel).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            "The migrations do not build the schema the model describes.\n"
            + $"In the model but not built by the migrations:\n  {string.Join("\n  ", missing)}\n"
            + $"Built by the migrations but not in the model:\n  {string.Join("\n  ", extra)}");

        // Guard the guard: the comparison saw the real schema, not two empty files.
        Assert.Contains("index ApiTokens.IX_ApiTokens_Hash (Hash) unique=True origin=c partial=False", fromMigrations);
        Assert.Contains("index Memberships.IX_Memberships_UserId (UserId) unique=False origin=c partial=False", fromMigrations);
        Assert.Contains("column Memberships.Role type=TEXT notnull=True pk=0 default=none", fromMigrations);
        Assert.Contains("table AspNetUserClaims AUTOINCREMENT", fromMigrations);
        Assert.Contains("table DataProtectionKeys AUTOINCREMENT", fromMigrations);
        Assert.Contains("column DataProtectionKeys.Xml type=TEXT notnull=False pk=0 default=none", fromMigrations);
        foreach (var table in AccountsTables)
        {
            Assert.Contains(fromMigrations, line => line == $"table {table}" || line == $"table {table} AUTOINCREMENT");
        }
    }

    [Fact]
    public async Task GivenDefaultIdentityOptions_WhenModelBuilt_ThenItMapsExactlyTheAccountsTables()
    {
        // AddIdentityCore's default store schema version has no passkeys, so neither does the first migration.
        // Opting into a newer schema version needs a migration; the equivalence test above will demand it.
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Sqlite, migrate: false);
        await using var scope = host.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<AccountsDbContext>().GetService<IDesignTimeModel>().Model;

        var tables = model.GetRelationalModel().Tables.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(AccountsTables, tables);
    }

    [Fact]
    public async Task GivenMigratedDatabaseWithData_WhenMigratedAgain_ThenNothingChanges()
    {
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Sqlite, migrate: true);
        var user = await host.CreateUserAsync("ada@example.org");
        var before = SqliteSchemaReader.Describe(host.DatabasePath!, _ => true);
        var database = host.Services.GetRequiredService<AccountsDatabase>();

        await database.MigrateAsync();

        Assert.Equal(before, SqliteSchemaReader.Describe(host.DatabasePath!, _ => true));
        Assert.Equal(Migrations, await database.GetAppliedMigrationsAsync());
        Assert.Empty(await database.GetPendingMigrationsAsync());
        var found = await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByIdAsync(user.Id));
        Assert.Equal("ada@example.org", found?.Email);
    }

    [Fact]
    public async Task GivenFileWithEventStoreTables_WhenMigrated_ThenAccountsTablesAreAddedAndEventTablesAreUntouched()
    {
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Sqlite, migrate: false, prepareSqliteFile: path =>
        {
            using var connection = AccountsHost.OpenRawConnection(path);
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE events (stream_id TEXT NOT NULL, version INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (stream_id, version));
                CREATE INDEX ix_events_payload ON events (payload);
                CREATE TABLE schema_version (version INTEGER NOT NULL);
                INSERT INTO events VALUES ('doc-1', 1, '{"kind":"DocumentImported"}');
                INSERT INTO schema_version VALUES (3);
                """;
            command.ExecuteNonQuery();
        });
        static bool IsEventStoreTable(string table) => table is "events" or "schema_version";
        var eventTablesBefore = SqliteSchemaReader.Describe(host.DatabasePath!, IsEventStoreTable);

        await host.Services.GetRequiredService<AccountsDatabase>().MigrateAsync();

        Assert.Equal(eventTablesBefore, SqliteSchemaReader.Describe(host.DatabasePath!, IsEventStoreTable));
        using var connection = AccountsHost.OpenRawConnection(host.DatabasePath!);
        Assert.Equal(
            [.. AccountsTables, "events", "schema_version"],
            SqliteSchemaReader.TableNames(connection)
                .Where(t => !SqliteSchemaReader.EfBookkeepingTables.Contains(t) && t != "sqlite_sequence")
                .Order(StringComparer.Ordinal));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream_id || ':' || version || ':' || payload FROM events";
        Assert.Equal("doc-1:1:{\"kind\":\"DocumentImported\"}", command.ExecuteScalar());
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal(3L, command.ExecuteScalar());

        // And the accounts tables work in the shared file.
        var user = await host.CreateUserAsync("grace@example.org");
        Assert.NotNull(await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByEmailAsync("grace@example.org")));
        Assert.False(string.IsNullOrEmpty(user.Id));
    }

    [Fact]
    public async Task GivenTheFileOfThePreviousRelease_WhenMigrated_ThenOnlyTheKeyRingTableIsAddedAndItsAccountsAndEventsStay()
    {
        // A file the 2026-11-22 release wrote (the demo seeded): its history holds the first migration's id, which must
        // still match, so only the key ring migration runs.
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Sqlite, migrate: false, prepareSqliteFile: path => File.Copy(PreviousRelease, path));
        var database = host.Services.GetRequiredService<AccountsDatabase>();
        Assert.Equal([Migrations[0]], await database.GetAppliedMigrationsAsync());
        Assert.Equal([Migrations[1]], await database.GetPendingMigrationsAsync());
        static bool IsNotKeyRing(string table) => table != "DataProtectionKeys";
        var before = SqliteSchemaReader.Describe(host.DatabasePath!, IsNotKeyRing);
        var counts = await CountRowsAsync(host, "AspNetUsers", "Memberships", "events", "grain_state");

        await database.MigrateAsync();

        Assert.Equal(Migrations, await database.GetAppliedMigrationsAsync());
        Assert.Equal(before, SqliteSchemaReader.Describe(host.DatabasePath!, IsNotKeyRing));
        Assert.Contains("table DataProtectionKeys AUTOINCREMENT", SqliteSchemaReader.Describe(host.DatabasePath!));
        Assert.Equal(counts, await CountRowsAsync(host, "AspNetUsers", "Memberships", "events", "grain_state"));
        var ines = await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByEmailAsync("ines@demo.annotatehub.test"));
        Assert.Equal("Inês Duarte", ines?.DisplayName);
        Assert.NotEmpty(await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForUserAsync(ines!.Id)));
    }

    private static async Task<long[]> CountRowsAsync(AccountsHost host, params string[] tables)
    {
        await using var connection = await host.OpenRawConnectionAsync();
        var counts = new List<long>();
        foreach (var table in tables)
        {
            counts.Add(Convert.ToInt64(await connection.ScalarAsync($"SELECT count(*) FROM \"{table}\""), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(counts[0] > 0, "the fixture has accounts");
        return [.. counts];
    }
}
