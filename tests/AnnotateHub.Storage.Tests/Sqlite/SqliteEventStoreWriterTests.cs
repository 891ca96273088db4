using System.Text;
using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Tests.Sqlite;

/// <summary>
/// SQLite specifics of the writer: group commit, a conflict or a failure inside a batch, cancellation, draining on
/// dispose. <see cref="WriterGate"/> holds the writer so that requests queue up deterministically behind it.
/// </summary>
public sealed class SqliteEventStoreWriterTests : IAsyncLifetime
{
    private readonly SqliteTestFolder _folder = new();
    private SqliteEventStore? _store;

    private SqliteEventStore Store => _store!;

    private SqliteStoreOptions Options => new() { DataSource = _folder.DatabasePath };

    public async Task InitializeAsync() => _store = await SqliteEventStore.OpenAsync(Options).WithTimeout("the store to open");

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().AsTask().WithTimeout("the store to dispose");
        }

        _folder.Dispose();
    }

    private static EventData Event(string type, string payload) => new(type, Encoding.UTF8.GetBytes(payload));

    private static string Text(ReadOnlyMemory<byte> data) => Encoding.UTF8.GetString(data.Span);

    [Fact]
    public async Task GivenAHeldWriter_WhenSixtyFourAppendsQueue_ThenTheyAreCommittedTogetherInOneTransaction()
    {
        var before = Store.Statistics;
        List<Task<long>> appends;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            appends = Enumerable.Range(0, 64).Select(i => Store.AppendAsync($"doc-{i:D2}", 0, [Event("A", $"{i}")])).ToList();
            gate.Release();
            await gate.Holder.WithTimeout("the holder's append");
        }

        Assert.All(await Task.WhenAll(appends).WithTimeout("64 queued appends"), version => Assert.Equal(1, version));
        var after = Store.Statistics;
        Assert.Equal(2, after.Commits - before.Commits); // the holder's batch, then one for all 64
        Assert.Equal(65, after.Appends - before.Appends);
        Assert.Equal(64, after.LargestBatch);
    }

    [Fact]
    public async Task GivenAMaxBatchSize_WhenMoreAppendsQueue_ThenEachTransactionCarriesAtMostThatMany()
    {
        await Store.DisposeAsync();
        _store = await SqliteEventStore.OpenAsync(Options with { MaxBatchSize = 10 });
        List<Task<long>> appends;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            appends = Enumerable.Range(0, 25).Select(i => Store.AppendAsync($"doc-{i:D2}", 0, [Event("A", $"{i}")])).ToList();
            gate.Release();
        }

        await Task.WhenAll(appends).WithTimeout("25 queued appends");
        var statistics = Store.Statistics;
        Assert.Equal(1 + 3, statistics.Commits); // the holder, then 10 + 10 + 5
        Assert.Equal(10, statistics.LargestBatch);
        Assert.Equal(26, statistics.Appends);
    }

    [Fact]
    public async Task GivenSixtyFourConcurrentWriters_WhenTheyAppend_ThenCommitsAreSharedAndFewerThanAppends()
    {
        var writers = Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await Store.AppendAsync($"load/{w:D2}", i, [Event("AnnotationCreated", $"{w}:{i}")]);
            }
        }));
        await Task.WhenAll(writers).WithTimeout("64 writers to append 50 times each", TimeSpan.FromSeconds(120));

        var statistics = Store.Statistics;
        Assert.Equal(3200, statistics.Appends);
        Assert.Equal(3200, statistics.Events);
        Assert.True(statistics.Commits < statistics.Appends,
            $"group commit should share commits between writers, but made {statistics.Commits} commits for {statistics.Appends} appends");
        Assert.True(statistics.LargestBatch > 1, $"the largest batch carried {statistics.LargestBatch} request(s)");
    }

    [Fact]
    public async Task GivenQueuedAppendsChainedOnOneStream_WhenTheyShareABatch_ThenEachSeesTheVersionThePreviousOneWrote()
    {
        Task<long>[] chain;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            chain = [
                Store.AppendAsync("doc-1", 0, [Event("A", "1"), Event("A", "2")]),
                Store.AppendAsync("doc-1", 2, [Event("A", "3")]),
                Store.AppendAsync("doc-1", 3, [Event("A", "4")]),
                Store.AppendAsync("doc-1", 3, [Event("A", "conflicts with the one before")]),
            ];
            gate.Release();
        }

        Assert.Equal(2, await chain[0].WithTimeout("the first chained append"));
        Assert.Equal(3, await chain[1].WithTimeout("the second chained append"));
        Assert.Equal(4, await chain[2].WithTimeout("the third chained append"));
        var conflict = await chain[3].ShouldFailWith<WrongExpectedVersionException>("the append that lost to the third");
        Assert.Equal(4, conflict.ActualVersion);
        Assert.Equal(["1", "2", "3", "4"], (await Store.ReadAsync("doc-1")).Select(e => Text(e.Data)));
        Assert.Equal(2, Store.Statistics.Commits);
    }

    [Fact]
    public async Task GivenAConflictingAppendInABatch_WhenTheBatchCommits_ThenOnlyItFailsAndTheOthersAreWritten()
    {
        await Store.AppendAsync("doc-2", 0, [Event("A", "existing")]);
        Task<long> first, conflicting, third;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            first = Store.AppendAsync("doc-1", 0, [Event("A", "first")]);
            conflicting = Store.AppendAsync("doc-2", 5, [Event("A", "conflicting")]);
            third = Store.AppendAsync("doc-3", 0, [Event("A", "third")]);
            gate.Release();
        }

        Assert.Equal(1, await first.WithTimeout("the first append of the batch"));
        Assert.Equal(1, await third.WithTimeout("the third append of the batch"));
        var conflict = await conflicting.ShouldFailWith<WrongExpectedVersionException>("the conflicting append");
        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(["existing"], (await Store.ReadAsync("doc-2")).Select(e => Text(e.Data)));
        Assert.Equal(3, Store.Statistics.Commits); // doc-2's setup, the holder, the batch
    }

    [Fact]
    public async Task GivenAnAppendWhoseStatementFails_WhenInABatch_ThenItAloneFailsWritingNothingAndTheOthersCommit()
    {
        await Store.RunOnWriterAsync(connection =>
        {
            connection.Execute("CREATE TRIGGER test_poison BEFORE INSERT ON events WHEN NEW.type = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned event'); END;");
            return true;
        });
        Task<long> first, poisoned, other, afterPoisoned;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            first = Store.AppendAsync("doc-1", 0, [Event("A", "first")]);
            poisoned = Store.AppendAsync("doc-1", 1, [Event("A", "half of the poisoned append"), Event("Poison", "x")]);
            other = Store.AppendAsync("doc-2", 0, [Event("A", "other")]);
            afterPoisoned = Store.AppendAsync("doc-1", 1, [Event("A", "takes the poisoned append's place")]);
            gate.Release();
        }

        var failure = await poisoned.ShouldFailWith<SqliteException>("the poisoned append");
        Assert.Contains("poisoned event", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, await first.WithTimeout("the append before the poisoned one"));
        Assert.Equal(1, await other.WithTimeout("the append to another stream"));
        Assert.Equal(2, await afterPoisoned.WithTimeout("the append that expected the poisoned one not to happen"));
        Assert.Equal(["first", "takes the poisoned append's place"], (await Store.ReadAsync("doc-1")).Select(e => Text(e.Data)));
        Assert.Equal(["other"], (await Store.ReadAsync("doc-2")).Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task GivenABatchWhoseCommitFails_WhenItFails_ThenEveryAppendInItFailsAndTheVersionCacheIsRolledBack()
    {
        // A deferred foreign key is only checked at COMMIT: the trigger makes COMMIT itself fail.
        await Store.RunOnWriterAsync(connection =>
        {
            connection.Execute("""
                PRAGMA foreign_keys = ON;
                CREATE TABLE test_parent (id INTEGER PRIMARY KEY);
                CREATE TABLE test_child (parent_id INTEGER REFERENCES test_parent (id) DEFERRABLE INITIALLY DEFERRED);
                CREATE TRIGGER test_fail_commit AFTER INSERT ON events WHEN NEW.type = 'FailsAtCommit'
                BEGIN INSERT INTO test_child VALUES (42); END;
                """);
            return true;
        });
        Task<long>[] batch;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            batch = [
                Store.AppendAsync("doc-1", 0, [Event("A", "innocent")]),
                Store.AppendAsync("doc-2", 0, [Event("FailsAtCommit", "guilty")]),
                Store.AppendAsync("doc-1", 1, [Event("A", "chained on the innocent one")]),
            ];
            gate.Release();
        }

        foreach (var append in batch)
        {
            var failure = await append.ShouldFailWith<SqliteException>("an append of the batch whose commit failed");
            Assert.Contains("FOREIGN KEY", failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, Store.Statistics.FailedCommits);
        Assert.Equal(0, await Store.GetVersionAsync("doc-1"));
        Assert.Empty(await Store.ListStreamsAsync("doc-"));
        Assert.Equal(1, await Store.AppendAsync("doc-1", 0, [Event("A", "again")]).WithTimeout("an append after the failed commit"));
        Assert.Equal(1, await Store.AppendAsync("doc-2", 0, [Event("A", "again")]).WithTimeout("another append after the failed commit"));
    }

    [Fact]
    public async Task GivenAnAppendStillQueued_WhenItIsCancelled_ThenItsTaskIsCancelledAtOnceAndNothingIsWritten()
    {
        using var cancellation = new CancellationTokenSource();
        Task<long> cancelled, kept;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            cancelled = Store.AppendAsync("doc-1", 0, [Event("A", "cancelled")], cancellation.Token);
            kept = Store.AppendAsync("doc-2", 0, [Event("A", "kept")]);
            await cancellation.CancelAsync();

            // still held: the cancellation did not wait for the writer
            await cancelled.ShouldFailWith<OperationCanceledException>("the queued append to be cancelled while the writer is held");
            Assert.False(kept.IsCompleted);
            gate.Release();
        }

        Assert.Equal(1, await kept.WithTimeout("the append queued beside the cancelled one"));
        Assert.Equal(0, await Store.GetVersionAsync("doc-1"));
        Assert.Equal(["doc-2"], await Store.ListStreamsAsync("doc-"));
        Assert.Equal(1 + 1, Store.Statistics.Appends); // the holder and the kept one
    }

    [Fact]
    public async Task GivenAnAppendAlreadyInACommittingBatch_WhenItIsCancelled_ThenItCompletesNormally()
    {
        using var cancellation = new CancellationTokenSource();
        var inBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.BatchStarted = () =>
        {
            inBatch.TrySetResult();
            release.Task.Wait(Timeouts.Default);
        };
        var taken = Store.AppendAsync("doc-1", 0, [Event("A", "taken")], cancellation.Token);
        await inBatch.Task.WithTimeout("the writer to take the append into a batch");
        await cancellation.CancelAsync();
        Store.BatchStarted = null;
        release.SetResult();

        Assert.Equal(1, await taken.WithTimeout("the append cancelled after it was taken"));
        Assert.Equal(["taken"], (await Store.ReadAsync("doc-1")).Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task GivenTheWriterInsideATransaction_WhenReading_ThenReadsDoNotWaitForIt()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "committed")]);
        await Store.WriteStateAsync("annotation", "a-1", new byte[] { 1 }, null);
        using var gate = await WriterGate.HoldAsync(Store);
        var pending = Store.AppendAsync("doc-1", 1, [Event("A", "pending")]);

        // the writer holds the write lock (BEGIN IMMEDIATE) and is stuck: reads still complete
        Assert.Equal(["committed"], (await Store.ReadAsync("doc-1").WithTimeout("a read while the writer is held")).Select(e => Text(e.Data)));
        Assert.Equal(1, await Store.GetVersionAsync("doc-1").WithTimeout("a version read while the writer is held"));
        Assert.Contains("doc-1", await Store.ListStreamsAsync("doc-").WithTimeout("a listing while the writer is held"));
        Assert.NotNull(await Store.ReadStateAsync("annotation", "a-1").WithTimeout("a state read while the writer is held"));
        Assert.False(pending.IsCompleted);

        gate.Release();
        Assert.Equal(2, await pending.WithTimeout("the append queued behind the held batch"));
        Assert.Equal(2, await Store.GetVersionAsync("doc-1"));
    }

    [Fact]
    public async Task GivenQueuedWrites_WhenTheStoreIsDisposed_ThenTheyAreAllCommittedBeforeDisposeCompletes()
    {
        Task<long>[] appends;
        Task<string> state;
        Task disposal;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            appends = Enumerable.Range(0, 10).Select(i => Store.AppendAsync("doc-1", i, [Event("A", $"{i}")])).ToArray();
            state = Store.WriteStateAsync("annotation", "a-1", new byte[] { 7 }, null);
            disposal = Store.DisposeAsync().AsTask();
            await Store.AppendAsync("doc-2", 0, [Event("A", "too late")]).ShouldFailWith<ObjectDisposedException>("an append while disposing");
            Assert.False(disposal.IsCompleted);
            gate.Release();
        }

        await disposal.WithTimeout("dispose to drain the queue");
        Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully, "a queued append did not complete before dispose did"));
        Assert.True(state.IsCompletedSuccessfully, "the queued state write did not complete before dispose did");

        _store = await SqliteEventStore.OpenAsync(Options);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i}"), (await Store.ReadAsync("doc-1")).Select(e => Text(e.Data)));
        Assert.Equal(await state, (await Store.ReadStateAsync("annotation", "a-1"))?.ETag);
        Assert.Equal(0, await Store.GetVersionAsync("doc-2"));
    }

    [Fact]
    public async Task GivenSnapshotsAndStateWrites_WhenQueuedWithAppends_ThenTheyShareTheBatch()
    {
        Task<long> append;
        Task snapshot;
        Task<string> state;
        using (var gate = await WriterGate.HoldAsync(Store))
        {
            append = Store.AppendAsync("doc-1", 0, [Event("A", "1")]);
            snapshot = Store.SaveSnapshotAsync("doc-1", new Snapshot(1, "DocumentState", Encoding.UTF8.GetBytes("state@1")));
            state = Store.WriteStateAsync("annotation", "a-1", Encoding.UTF8.GetBytes("s"), null);
            gate.Release();
        }

        await Task.WhenAll(append, snapshot, state).WithTimeout("an append, a snapshot and a state write queued together");
        Assert.Equal(2, Store.Statistics.Commits);
        Assert.Equal(3, Store.Statistics.LargestBatch);
        Assert.Equal(1, (await Store.LoadSnapshotAsync("doc-1"))?.Version);
    }
}
