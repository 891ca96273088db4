using AnnotateHub.Storage.Postgres;
using AnnotateHub.Storage.Tests.Contract;
using Npgsql;

namespace AnnotateHub.Storage.Tests.Postgres;

/// <summary>The store's own schema migrations, Orleans's clustering tables among them, on a fresh database per test.</summary>
public sealed class PostgresMigrationTests : IAsyncLifetime
{
    /// <summary>The named queries Microsoft.Orleans.Clustering.AdoNet 10.x requires at start (its DbStoredQueries for clustering).</summary>
    private static readonly string[] OrleansClusteringQueries =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
    ];

    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database!;

    private PostgresStoreOptions Options => new() { ConnectionString = Database.ConnectionString };

    public async Task InitializeAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public void GivenTheEmbeddedScripts_ThenTheyAreNumberedFromOneWithoutGapsAndNamed()
    {
        Assert.Equal(Enumerable.Range(1, PostgresSchema.Migrations.Count), PostgresSchema.Migrations.Select(m => m.Version));
        Assert.Equal(["event_streams", "grain_state", "orleans_clustering", "event_chain"], PostgresSchema.Migrations.Select(m => m.Name));
        Assert.Equal(4, PostgresSchema.CurrentVersion);
        Assert.All(PostgresSchema.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }

    [Fact]
    public async Task GivenAnEmptyDatabase_WhenTheStoreOpens_ThenEveryStepIsAppliedAndRecordedOnce()
    {
        await using var store = await PostgresEventStore.OpenAsync(Options);

        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), store.AppliedMigrations);
        Assert.Equal(
            PostgresSchema.Migrations.Select(m => (m.Version, m.Name)),
            (await ReadRecordedAsync()).Select(r => (r.Version, r.Name)));
    }

    [Fact]
    public async Task GivenAMigratedDatabase_WhenMigrationsRunAgain_ThenNothingIsAppliedAndTheRecordsAreUnchanged()
    {
        await (await PostgresEventStore.OpenAsync(Options)).DisposeAsync();
        var recorded = await ReadRecordedAsync();

        await using var reopened = await PostgresEventStore.OpenAsync(Options);
        var again = await PostgresSchema.MigrateAsync(Options);

        Assert.Empty(reopened.AppliedMigrations);
        Assert.Empty(again);
        Assert.Equal(recorded, await ReadRecordedAsync());
    }

    [Fact]
    public async Task GivenAMigratedDatabase_WhenEveryStepsScriptRunsAgainByHand_ThenItSucceedsAndChangesNothing()
    {
        await using var store = await PostgresEventStore.OpenAsync(Options);
        await store.AppendAsync("doc-1", 0, [new EventData("A", "{}"u8.ToArray())]);
        await using var connection = await Database.OpenRawConnectionAsync();
        var before = await ScalarAsync<long>(connection, "SELECT count(*) FROM orleansquery;");

        foreach (var migration in PostgresSchema.Migrations)
        {
            await using var command = new NpgsqlCommand(migration.Sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(before, await ScalarAsync<long>(connection, "SELECT count(*) FROM orleansquery;"));
        Assert.Equal(1, await store.GetVersionAsync("doc-1"));
    }

    [Fact]
    public async Task GivenStreamsStoredBeforeTheHashChain_WhenTheStoreOpens_ThenEachStreamGetsItsChainAndAppendsContinueIt()
    {
        await using (var connection = await Database.OpenRawConnectionAsync())
        {
            // The schema as versions 1-3 shipped it, with events written then (no hash column).
            await ExecuteAsync(connection, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());");
            foreach (var migration in PostgresSchema.Migrations.Where(m => m.Version <= 3))
            {
                await ExecuteAsync(connection, migration.Sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, name) VALUES ({migration.Version}, '{migration.Name}');");
            }

            await ExecuteAsync(connection, """
                INSERT INTO streams VALUES ('document/d-1', '2026-01-01T00:00:00Z'), ('document/d-é', '2026-01-01T00:00:00Z');
                INSERT INTO events VALUES
                    ('document/d-1', 1, 'DocumentCreated', convert_to('{"title":"Budget"}', 'UTF8'), '2026-01-01T00:00:00.123456Z'),
                    ('document/d-1', 2, 'VoteCast', convert_to('{"verdict":"false"}', 'UTF8'), '2026-01-01T00:00:01Z'),
                    ('document/d-1', 3, 'VoteCast', '\x00ff', '2026-01-02T10:00:00.5Z'),
                    ('document/d-é', 1, 'DocumentCreated', convert_to('{"title":"Café"}', 'UTF8'), '2026-01-01T00:00:00Z');
                """);
        }

        await using var store = await PostgresEventStore.OpenAsync(Options);

        Assert.Equal([4], store.AppliedMigrations);
        foreach (var stream in new[] { "document/d-1", "document/d-é" })
        {
            var check = EventChain.Verify(await store.ReadAsync(stream));
            Assert.True(check.IsIntact, $"{stream}: {check.Reason} at {check.BrokenAt}");
        }

        Assert.Equal(4, await store.AppendAsync("document/d-1", 3, [new EventData("VoteCast", "{}"u8.ToArray())]));
        var after = EventChain.Verify(await store.ReadAsync("document/d-1"));
        Assert.True(after.IsIntact, after.Reason);
        Assert.Equal(4, after.HeadVersion);
    }

    [Fact]
    public async Task GivenTwoNodesStartingAtOnce_WhenBothMigrateAnEmptyDatabase_ThenBothSucceedAndEveryStepIsAppliedOnce()
    {
        // Hold the migration lock, so that both nodes are sure to be migrating at the same moment when it is released.
        await using var holder = await Database.OpenRawConnectionAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({PostgresSchema.MigrationLockKey});");

        var nodeA = PostgresEventStore.OpenAsync(Options);
        var nodeB = PostgresEventStore.OpenAsync(Options);
        await Polling.UntilAsync(async () => await ScalarAsync<long>(holder,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database());") == 2,
            "both nodes to wait for the migration lock");
        Assert.False(nodeA.IsCompleted || nodeB.IsCompleted, "a node opened without waiting for the migration lock");
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({PostgresSchema.MigrationLockKey});");

        await using var storeA = await nodeA.WithTimeout("node A to open");
        await using var storeB = await nodeB.WithTimeout("node B to open");

        var all = Enumerable.Range(1, PostgresSchema.CurrentVersion).ToList();
        Assert.Equal(all, storeA.AppliedMigrations.Concat(storeB.AppliedMigrations).Order());
        Assert.Contains(storeA.AppliedMigrations.Count, new[] { 0, all.Count });
        Assert.Equal(all, (await ReadRecordedAsync()).Select(r => r.Version));
    }

    [Fact]
    public async Task GivenAMigratedDatabase_ThenOrleansFindsEveryClusteringQueryAndItsMembershipFunctionsRun()
    {
        await (await PostgresEventStore.OpenAsync(Options)).DisposeAsync();
        await using var connection = await Database.OpenRawConnectionAsync();

        var queries = new Dictionary<string, string>();
        await using (var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery;", connection)) // what the provider runs first
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                queries.Add(reader.GetString(0), reader.GetString(1));
            }
        }

        Assert.All(OrleansClusteringQueries, key => Assert.Contains(key, queries.Keys));

        // Run two of them as the provider does: the stored text with @-named parameters.
        await using (var insert = new NpgsqlCommand(queries["InsertMembershipVersionKey"], connection))
        {
            insert.Parameters.AddWithValue("DeploymentId", "test-cluster");
            Assert.Equal(1, Convert.ToInt32(await insert.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        await using (var readAll = new NpgsqlCommand(queries["MembershipReadAllKey"], connection))
        {
            readAll.Parameters.AddWithValue("DeploymentId", "test-cluster");
            await using var reader = await readAll.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "the membership version row of the new deployment");
            Assert.Equal("test-cluster", reader.GetString(reader.GetOrdinal("deploymentid")));
            Assert.Equal(0, reader.GetInt32(reader.GetOrdinal("version")));
        }
    }

    private async Task<List<(int Version, string Name, DateTime AppliedAt)>> ReadRecordedAsync()
    {
        await using var connection = await Database.OpenRawConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT version, name, applied_at FROM schema_migrations ORDER BY version;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string, DateTime)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2)));
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
