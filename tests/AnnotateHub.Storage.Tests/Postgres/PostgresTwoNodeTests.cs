using System.Text;
using AnnotateHub.Storage.Postgres;
using AnnotateHub.Storage.Tests.Contract;
using Npgsql;

namespace AnnotateHub.Storage.Tests.Postgres;

/// <summary>
/// Two stores on one database, each with its own connection pool: two nodes of a cluster. The database, not either
/// node, decides which append gets a version.
/// </summary>
public sealed class PostgresTwoNodeTests : IAsyncLifetime
{
    private PostgresTestDatabase? _database;
    private PostgresEventStore? _nodeA;
    private PostgresEventStore? _nodeB;

    private PostgresTestDatabase Database => _database!;

    private PostgresEventStore NodeA => _nodeA!;

    private PostgresEventStore NodeB => _nodeB!;

    private static EventData Event(string payload) => new("Claimed", Encoding.UTF8.GetBytes(payload));

    private static string Text(ReadOnlyMemory<byte> data) => Encoding.UTF8.GetString(data.Span);

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        var options = new PostgresStoreOptions { ConnectionString = Database.ConnectionString };
        _nodeA = await PostgresEventStore.OpenAsync(options).WithTimeout("node A's store to open");
        _nodeB = await PostgresEventStore.OpenAsync(options).WithTimeout("node B's store to open");
    }

    public async Task DisposeAsync()
    {
        if (_nodeA is not null)
        {
            await _nodeA.DisposeAsync();
        }

        if (_nodeB is not null)
        {
            await _nodeB.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenTwoNodes_WhenBothAppendTheSameVersionAtOnce_ThenExactlyOneWinsAndTheOtherLearnsTheActualVersion()
    {
        const int Rounds = 25;
        var winners = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            var expected = (long)round;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = new[] { ("A", NodeA), ("B", NodeB) }.Select(node => Task.Run(async () =>
            {
                await start.Task;
                return await node.Item2.AppendAsync("doc-raced", expected, [Event($"{expected}:{node.Item1}")]);
            })).ToList();
            start.SetResult();
            await Task.WhenAll(attempts.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)))
                .WithTimeout($"both nodes to race for version {expected + 1}");

            var won = Assert.Single(attempts, a => a.IsCompletedSuccessfully);
            Assert.Equal(expected + 1, await won);
            var lost = Assert.Single(attempts, a => !a.IsCompletedSuccessfully);
            var conflict = Assert.IsType<WrongExpectedVersionException>(lost.Exception?.InnerException);
            Assert.Equal(expected, conflict.ExpectedVersion);
            Assert.Equal(expected + 1, conflict.ActualVersion);
            winners.Add(attempts.IndexOf(won) == 0 ? "A" : "B");
        }

        var events = await NodeB.ReadAsync("doc-raced");
        Assert.Equal(Enumerable.Range(1, Rounds).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(winners.Select((node, round) => $"{round}:{node}"), events.Select(e => Text(e.Data)));
        Assert.Equal(events.Select(e => Text(e.Data)), (await NodeA.ReadAsync("doc-raced")).Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task GivenAnAppendWaitingOnAnotherNodesUncommittedVersion_WhenThatNodeCommits_ThenTheUniqueKeyRejectsTheAppendAsAVersionConflict()
    {
        // "Node C" inserts version 1 and holds its transaction open.
        await using var other = await Database.OpenRawConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO streams (stream_id, created_at) VALUES ('doc-1', now());
            INSERT INTO events (stream_id, version, type, data, recorded_at) VALUES ('doc-1', 1, 'Claimed', 'by C'::bytea, now());
            """, other, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        // Node A saw version 0 (the other commit is not visible yet), so its append waits on the unique key.
        var append = NodeA.AppendAsync("doc-1", 0, [Event("by A")]);
        await WaitForLockWaitersAsync(1, "node A's append to wait on the uncommitted version 1");
        Assert.False(append.IsCompleted, "the append should wait for the other transaction");

        await transaction.CommitAsync();

        var conflict = await append.ShouldFailWith<WrongExpectedVersionException>("node A's append of a version another node committed");
        Assert.Equal(0, conflict.ExpectedVersion);
        Assert.Equal(1, conflict.ActualVersion);
        var stored = Assert.Single(await NodeB.ReadAsync("doc-1"));
        Assert.Equal("by C", Text(stored.Data));
        Assert.Equal(2, await NodeA.AppendAsync("doc-1", 1, [Event("by A, reloaded")]));
    }

    [Fact]
    public async Task GivenTheEventsTable_WhenAnyWriterInsertsAStreamVersionThatExists_ThenTheDatabaseRefusesIt()
    {
        await NodeA.AppendAsync("doc-1", 0, [Event("first")]);
        await using var connection = await Database.OpenRawConnectionAsync();
        await using var duplicate = new NpgsqlCommand(
            "INSERT INTO events (stream_id, version, type, data, recorded_at) VALUES ('doc-1', 1, 'Claimed', 'second'::bytea, now());", connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => duplicate.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal("events_pkey", refused.ConstraintName);
        Assert.Equal("first", Text(Assert.Single(await NodeB.ReadAsync("doc-1")).Data));
    }

    [Fact]
    public async Task GivenTwoNodesHoldingTheSameETag_WhenBothWriteAtOnce_ThenExactlyOneWinsAndTheOtherLearnsTheNewETag()
    {
        var etag = await NodeA.WriteStateAsync("annotation", "a-1", Encoding.UTF8.GetBytes("v0"), null);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = new[] { NodeA, NodeB }.Select((node, i) => Task.Run(async () =>
        {
            await start.Task;
            return await node.WriteStateAsync("annotation", "a-1", Encoding.UTF8.GetBytes($"node {i}"), etag);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default))).WithTimeout("both nodes' state writes");

        var won = Assert.Single(writes, w => w.IsCompletedSuccessfully);
        var mismatch = Assert.IsType<ETagMismatchException>(Assert.Single(writes, w => !w.IsCompletedSuccessfully).Exception?.InnerException);
        Assert.Equal(etag, mismatch.ExpectedETag);
        Assert.Equal(await won, mismatch.ActualETag);
        Assert.Equal($"node {writes.IndexOf(won)}", Text((await NodeB.ReadStateAsync("annotation", "a-1"))!.Data));
    }

    /// <summary>Waits until <paramref name="count"/> sessions on the test database wait for a lock (no fixed sleep: the server says so).</summary>
    private async Task WaitForLockWaitersAsync(int count, string awaited)
    {
        await using var connection = await Database.OpenRawConnectionAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';", connection);
        await Polling.UntilAsync(async () => (long)(await query.ExecuteScalarAsync())! >= count, awaited);
    }
}
