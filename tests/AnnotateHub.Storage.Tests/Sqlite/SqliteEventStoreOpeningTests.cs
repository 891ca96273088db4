using System.Globalization;
using System.Text;
using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Storage.Tests.Contract;

namespace AnnotateHub.Storage.Tests.Sqlite;

/// <summary>SQLite specifics of opening a database: pragmas, schema versions and migrations, the file lock.</summary>
public sealed class SqliteEventStoreOpeningTests : IDisposable
{
    private readonly SqliteTestFolder _folder = new();

    private SqliteStoreOptions Options => new() { DataSource = _folder.DatabasePath };

    public void Dispose() => _folder.Dispose();

    private static Task<T> OnWriter<T>(SqliteEventStore store, string sql, Func<object?, T> convert) =>
        store.RunOnWriterAsync(connection => convert(connection.Scalar(sql))).WithTimeout($"the writer to run '{sql}'");

    private static long AsLong(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task GivenDefaultOptions_WhenOpened_ThenTheWriterRunsInWalModeWithSynchronousFull()
    {
        await using var store = await SqliteEventStore.OpenAsync(Options);

        Assert.Equal(SqliteSynchronous.Full, store.Options.Synchronous);
        Assert.Equal("wal", await OnWriter(store, "PRAGMA journal_mode;", v => (string)v!));
        Assert.Equal(2, await OnWriter(store, "PRAGMA synchronous;", AsLong));
        Assert.Equal(5000, await OnWriter(store, "PRAGMA busy_timeout;", AsLong));
        Assert.Equal(4000, await OnWriter(store, "PRAGMA wal_autocheckpoint;", AsLong));
    }

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    [InlineData(SqliteSynchronous.Extra, 3)]
    public async Task GivenASynchronousLevel_WhenOpened_ThenTheWriterConnectionUsesIt(SqliteSynchronous level, long pragmaValue)
    {
        await using var store = await SqliteEventStore.OpenAsync(Options with { Synchronous = level, BusyTimeout = TimeSpan.FromSeconds(2) });

        Assert.Equal(pragmaValue, await OnWriter(store, "PRAGMA synchronous;", AsLong));
        Assert.Equal(2000, await OnWriter(store, "PRAGMA busy_timeout;", AsLong));
        Assert.Equal("wal", await OnWriter(store, "PRAGMA journal_mode;", v => (string)v!));
    }

    [Fact]
    public void GivenTheStoreOptions_WhenThePragmasAreAppliedToARawConnection_ThenItRunsWithTheSameSettings()
    {
        var options = Options with { Synchronous = SqliteSynchronous.Normal, WalAutoCheckpointPages = 1234 };
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(options.WriterConnectionString);
        Directory.CreateDirectory(_folder.Path);
        connection.Open();

        SqlitePragmas.Apply(connection, options);

        Assert.Equal("wal", connection.Scalar("PRAGMA journal_mode;"));
        Assert.Equal(1L, connection.Scalar("PRAGMA synchronous;"));
        Assert.Equal(5000L, connection.Scalar("PRAGMA busy_timeout;"));
        Assert.Equal(1234L, connection.Scalar("PRAGMA wal_autocheckpoint;"));
    }

    [Fact]
    public async Task GivenAMissingFolder_WhenOpened_ThenTheFolderAndTheDatabaseAreCreated()
    {
        var path = Path.Combine(_folder.Path, "nested", "deeper", "store.db");

        await using (var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = path }))
        {
            await store.AppendAsync("doc-1", 0, [new EventData("A", new byte[] { 1 })]);
        }

        Assert.True(File.Exists(path), $"expected the database file at {path}");
    }

    [Fact]
    public async Task GivenANewFile_WhenOpened_ThenEverySchemaStepIsAppliedAndRecorded()
    {
        await using (var store = await SqliteEventStore.OpenAsync(Options))
        {
            Assert.Equal(Enumerable.Range(1, SqliteSchema.CurrentVersion), store.AppliedMigrations);
        }

        using var connection = _folder.OpenRawConnection();
        Assert.Equal((long)SqliteSchema.CurrentVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
        Assert.Equal((long)SqliteSchema.CurrentVersion, connection.Scalar("SELECT count(*) FROM schema_version;"));
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM schema_version WHERE description = '' OR applied_at = '';"));

        await using var reopened = await SqliteEventStore.OpenAsync(Options);
        Assert.Empty(reopened.AppliedMigrations);
    }

    [Fact]
    public async Task GivenAVersionOneDatabaseMadeByHand_WhenOpened_ThenItIsMigratedAndItsEventsRemainUsable()
    {
        using (var connection = _folder.OpenRawConnection())
        {
            // The schema as version 1 shipped it, written out here so that the test pins it.
            connection.Execute("""
                CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_version VALUES (1, 'event streams, events and snapshots', '2026-01-01T00:00:00.0000000Z');
                CREATE TABLE streams (stream_id TEXT NOT NULL PRIMARY KEY, created_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE events (stream_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL,
                                     recorded_at INTEGER NOT NULL, PRIMARY KEY (stream_id, version));
                CREATE TABLE snapshots (stream_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL,
                                        PRIMARY KEY (stream_id, version));
                INSERT INTO streams VALUES ('doc-1', 1767225600000000);
                INSERT INTO events VALUES ('doc-1', 1, 'AnnotationCreated', CAST('{"n":1}' AS BLOB), 1767225600000000),
                                          ('doc-1', 2, 'VoteCast', CAST('{"n":2}' AS BLOB), 1767225601000000);
                INSERT INTO snapshots VALUES ('doc-1', 2, 'DocumentState', CAST('state@2' AS BLOB));
                """);
        }

        await using var store = await SqliteEventStore.OpenAsync(Options);

        Assert.Equal(Enumerable.Range(2, SqliteSchema.CurrentVersion - 1), store.AppliedMigrations);
        var events = await store.ReadAsync("doc-1");
        Assert.Equal(["AnnotationCreated", "VoteCast"], events.Select(e => e.Type));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), events[1].RecordedAt);
        Assert.Equal("state@2", Encoding.UTF8.GetString((await store.LoadSnapshotAsync("doc-1"))!.Data.Span));
        await store.AppendAsync("doc-1", 1, [new EventData("A", new byte[] { 1 })]).ShouldFailWith<WrongExpectedVersionException>("a stale append on the migrated stream");
        Assert.Equal(3, await store.AppendAsync("doc-1", 2, [new EventData("A", new byte[] { 1 })]));
        var etag = await store.WriteStateAsync("annotation", "a-1", new byte[] { 1 }, null);
        Assert.Equal(etag, (await store.ReadStateAsync("annotation", "a-1"))?.ETag);
        Assert.Equal("wal", await OnWriter(store, "PRAGMA journal_mode;", v => (string)v!));
        Assert.Equal(Enumerable.Range(1, SqliteSchema.CurrentVersion).Select(v => (long)v),
            await store.RunOnWriterAsync(c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT version FROM schema_version ORDER BY version;";
                using var reader = command.ExecuteReader();
                var versions = new List<long>();
                while (reader.Read())
                {
                    versions.Add(reader.GetInt64(0));
                }

                return versions;
            }));
    }

    [Fact]
    public async Task GivenAVersionTwoDatabaseWithEvents_WhenOpened_ThenEachStreamGetsItsChainAndAppendsContinueIt()
    {
        await (await SqliteEventStore.OpenAsync(Options)).DisposeAsync();
        using (var connection = _folder.OpenRawConnection())
        {
            // Back to schema version 2 (no hash column), with events written by hand as version 2 wrote them.
            connection.Execute("""
                ALTER TABLE events DROP COLUMN hash;
                DELETE FROM schema_version WHERE version > 2;
                INSERT INTO streams VALUES ('document/d-1', 1767225600000000), ('document/d-2', 1767225600000000);
                INSERT INTO events VALUES ('document/d-1', 1, 'DocumentCreated', CAST('{"title":"Budget"}' AS BLOB), 1767225600123456),
                                          ('document/d-1', 2, 'VoteCast', CAST('{"verdict":"false"}' AS BLOB), 1767225601000000),
                                          ('document/d-2', 1, 'DocumentCreated', CAST('{"title":"Café"}' AS BLOB), 1767225600000000);
                """);
        }

        await using var store = await SqliteEventStore.OpenAsync(Options);

        Assert.Equal([3], store.AppliedMigrations);
        foreach (var stream in new[] { "document/d-1", "document/d-2" })
        {
            var check = EventChain.Verify(await store.ReadAsync(stream));
            Assert.True(check.IsIntact, $"{stream}: {check.Reason} at {check.BrokenAt}");
        }

        Assert.Equal(3, await store.AppendAsync("document/d-1", 2, [new EventData("VoteCast", "{}"u8.ToArray())]));
        var after = EventChain.Verify(await store.ReadAsync("document/d-1"));
        Assert.True(after.IsIntact, after.Reason);
        Assert.Equal(3, after.HeadVersion);
    }

    [Fact]
    public async Task GivenADatabaseFromANewerBuild_WhenOpened_ThenItFailsClearlyAndLeavesTheFileAlone()
    {
        await using (var store = await SqliteEventStore.OpenAsync(Options))
        {
            await store.AppendAsync("doc-1", 0, [new EventData("A", new byte[] { 1 })]);
        }

        var future = SqliteSchema.CurrentVersion + 1;
        using (var connection = _folder.OpenRawConnection())
        {
            connection.Execute($"INSERT INTO schema_version VALUES ({future}, 'from the future', '2030-01-01T00:00:00Z');");
        }

        var refused = await SqliteEventStore.OpenAsync(Options).ShouldFailWith<SchemaVersionTooNewException>("opening a database from a newer build");

        Assert.Equal(future, refused.DatabaseVersion);
        Assert.Equal(SqliteSchema.CurrentVersion, refused.SupportedVersion);
        Assert.Contains(_folder.DatabasePath, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {future}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {SqliteSchema.CurrentVersion}", refused.Message, StringComparison.Ordinal);
        using (var connection = _folder.OpenRawConnection())
        {
            Assert.Equal((long)future, connection.Scalar("SELECT max(version) FROM schema_version;"));
            connection.Execute($"DELETE FROM schema_version WHERE version = {future};");
        }

        await using var reopened = await SqliteEventStore.OpenAsync(Options); // the failed open released the file
        Assert.Equal(1, await reopened.GetVersionAsync("doc-1"));
    }

    [Fact]
    public async Task GivenAnOpenStore_WhenASecondStoreOpensTheSameFile_ThenItIsRefused()
    {
        await using var first = await SqliteEventStore.OpenAsync(Options);

        var refused = await SqliteEventStore.OpenAsync(Options).ShouldFailWith<InvalidOperationException>("a second store on the same file");

        Assert.Contains("already open", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await first.AppendAsync("doc-1", 0, [new EventData("A", new byte[] { 1 })]));
    }

    [Fact]
    public async Task GivenAClock_WhenEventsAreAppended_ThenTheyAreStampedWithItsTime()
    {
        var now = new DateTimeOffset(2026, 11, 21, 9, 30, 15, TimeSpan.Zero).AddTicks(1234560);

        await using var store = await SqliteEventStore.OpenAsync(Options with { TimeProvider = new FixedTimeProvider(now) });
        await store.AppendAsync("doc-1", 0, [new EventData("A", new byte[] { 1 })]);

        Assert.Equal(now, Assert.Single(await store.ReadAsync("doc-1")).RecordedAt);
    }

    [Theory]
    [InlineData(":memory:")]
    [InlineData("file:x.db?mode=memory")]
    [InlineData("   ")]
    public async Task GivenADataSourceThatIsNotAFilePath_WhenOpening_ThenItIsRejected(string dataSource)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = dataSource }));
    }
}
