using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnnotateHub.Accounts.Tests;

/// <summary>
/// The hand-written PostgreSQL migrations against the model, on a real server: what <see cref="SqliteSchemaTests"/> is
/// for SQLite. PostgreSQL keeps exact types (lengths included), so this comparison is the stricter of the two.
/// </summary>
public sealed class PostgresSchemaTests
{
    /// <summary>The migrations of PostgreSQL, in order: the ids of the SQLite ones, so both report the same history.</summary>
    public static readonly string[] Migrations = SqliteSchemaTests.Migrations;

    [Fact]
    public async Task GivenFreshDatabases_WhenMigratedAndWhenEnsureCreated_ThenSchemasAreIdentical()
    {
        await using var migrated = await AccountsHost.StartAsync(AccountsProvider.Postgres, migrate: true);
        await using var created = await AccountsHost.StartAsync(AccountsProvider.Postgres, migrate: false);
        await using (var scope = created.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.EnsureCreatedAsync());
        }

        var fromMigrations = await DescribeAsync(migrated);
        var fromModel = await DescribeAsync(created);

        var missing = fromModel.Except(fromMigrations).ToList();
        var extra = fromMigrations.Except(fromModel).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            "The PostgreSQL migrations do not build the schema the model describes.\n"
            + $"In the model but not built by the migrations:\n  {string.Join("\n  ", missing)}\n"
            + $"Built by the migrations but not in the model:\n  {string.Join("\n  ", extra)}");

        // Guard the guard: the comparison saw the real schema, with its types, keys and indexes.
        Assert.Contains("column AspNetUsers.Email type=character varying(256) notnull=false identity=none default=none", fromMigrations);
        Assert.Contains("column ApiTokens.CreatedAt type=timestamp with time zone notnull=true identity=none default=none", fromMigrations);
        Assert.Contains("column AspNetUserClaims.Id type=integer notnull=true identity=by default default=none", fromMigrations);
        Assert.Contains("column DataProtectionKeys.Xml type=text notnull=false identity=none default=none", fromMigrations);
        Assert.Contains("sequence DataProtectionKeys_Id_seq owned by DataProtectionKeys.Id type=integer start=1 increment=1", fromMigrations);
        Assert.Contains("constraint Memberships.FK_Memberships_AspNetUsers_UserId FOREIGN KEY (\"UserId\") REFERENCES \"AspNetUsers\"(\"Id\") ON DELETE CASCADE", fromMigrations);
        Assert.Contains("index CREATE UNIQUE INDEX \"IX_ApiTokens_Hash\" ON public.\"ApiTokens\" USING btree (\"Hash\")", fromMigrations);
        foreach (var table in SqliteSchemaTests.AccountsTables)
        {
            Assert.Contains($"table {table}", fromMigrations);
        }
    }

    [Fact]
    public async Task GivenDefaultIdentityOptions_WhenModelBuilt_ThenItMapsExactlyTheAccountsTablesAsOnSqlite()
    {
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Postgres, migrate: false);
        await using var scope = host.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var model = context.GetService<IDesignTimeModel>().Model;

        var tables = model.GetRelationalModel().Tables.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.IsType<PostgresAccountsDbContext>(context);
        Assert.Equal(SqliteSchemaTests.AccountsTables, tables);
    }

    [Fact]
    public async Task GivenMigratedDatabaseWithData_WhenMigratedAgain_ThenNothingChanges()
    {
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Postgres, migrate: true);
        var user = await host.CreateUserAsync("ada@example.org");
        var before = await DescribeAsync(host, _ => true);
        var database = host.Services.GetRequiredService<AccountsDatabase>();

        await database.MigrateAsync();

        Assert.Equal(before, await DescribeAsync(host, _ => true));
        Assert.Equal(Migrations, await database.GetAppliedMigrationsAsync());
        Assert.Empty(await database.GetPendingMigrationsAsync());
        var found = await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByIdAsync(user.Id));
        Assert.Equal("ada@example.org", found?.Email);
    }

    [Fact]
    public async Task GivenDatabaseWithEventStoreTables_WhenMigrated_ThenAccountsTablesAreAddedAndEventTablesAreUntouched()
    {
        await using var host = await AccountsHost.StartAsync(AccountsProvider.Postgres, migrate: false);
        await using var connection = await host.PostgresDatabase!.OpenRawConnectionAsync();
        await connection.ExecuteAsync("""
            CREATE TABLE events (stream_id text NOT NULL, version bigint NOT NULL, payload bytea NOT NULL, PRIMARY KEY (stream_id, version));
            CREATE INDEX ix_events_payload ON events (payload);
            CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL);
            INSERT INTO events VALUES ('doc-1', 1, '\x7b7d');
            INSERT INTO schema_migrations VALUES (1, 'event_streams');
            """);
        static bool IsEventStoreTable(string table) => table is "events" or "schema_migrations";
        var eventTablesBefore = await PostgresSchemaReader.DescribeAsync(connection, IsEventStoreTable);

        await host.Services.GetRequiredService<AccountsDatabase>().MigrateAsync();

        Assert.Equal(eventTablesBefore, await PostgresSchemaReader.DescribeAsync(connection, IsEventStoreTable));
        Assert.Equal(
            [.. SqliteSchemaTests.AccountsTables, PostgresSchemaReader.EfHistoryTable, "events", "schema_migrations"],
            await PostgresSchemaReader.TableNamesAsync(connection));
        Assert.Equal("doc-1:1", await connection.ScalarAsync("SELECT stream_id || ':' || version FROM events"));
        Assert.Equal("event_streams", await connection.ScalarAsync("SELECT name FROM schema_migrations WHERE version = 1"));

        // And the accounts tables work in the shared database.
        await host.CreateUserAsync("grace@example.org");
        Assert.NotNull(await host.InScopeAsync<AccountService, AppUser?>(accounts => accounts.FindByEmailAsync("GRACE@example.org")));
    }

    private static async Task<IReadOnlyList<string>> DescribeAsync(AccountsHost host, Func<string, bool>? includeTable = null)
    {
        await using NpgsqlConnection connection = await host.PostgresDatabase!.OpenRawConnectionAsync();
        return await PostgresSchemaReader.DescribeAsync(connection, includeTable);
    }
}
