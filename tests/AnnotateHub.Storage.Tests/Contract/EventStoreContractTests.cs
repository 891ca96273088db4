using System.Collections.Concurrent;
using System.Text;

namespace AnnotateHub.Storage.Tests.Contract;

/// <summary>
/// What every <see cref="IEventStore"/> must do. Written once; each store runs it through a derived class that only
/// says how to open the store at a fresh location.
/// </summary>
public abstract class EventStoreContractTests : StoreContractTests<IEventStore>
{
    private static EventData Event(string type, string payload) => new(type, Encoding.UTF8.GetBytes(payload));

    private static string Text(ReadOnlyMemory<byte> data) => Encoding.UTF8.GetString(data.Span);

    private static Snapshot SnapshotAt(long version) => new(version, "DocumentState", Encoding.UTF8.GetBytes($"state@{version}"));

    [Fact]
    public async Task GivenNoEvents_WhenReadingAStream_ThenItIsEmptyAtVersionZero()
    {
        Assert.Equal(0, await Store.GetVersionAsync("doc-empty"));
        Assert.Empty(await Store.ReadAsync("doc-empty"));
        Assert.Null(await Store.LoadSnapshotAsync("doc-empty"));
    }

    [Fact]
    public async Task GivenANewStream_WhenAppendingAtVersionZero_ThenTheEventsAreReadBackInOrder()
    {
        var before = DateTimeOffset.UtcNow;

        var version = await Store.AppendAsync("doc-1", 0,
            [Event("AnnotationCreated", "{\"n\":1}"), Event("VoteCast", "{\"n\":2}"), Event("AnnotationEdited", "{\"n\":3}")]);

        var after = DateTimeOffset.UtcNow;
        Assert.Equal(3, version);
        Assert.Equal(3, await Store.GetVersionAsync("doc-1"));
        var events = await Store.ReadAsync("doc-1");
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(["AnnotationCreated", "VoteCast", "AnnotationEdited"], events.Select(e => e.Type));
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], events.Select(e => Text(e.Data)));
        Assert.All(events, e => Assert.Equal("doc-1", e.StreamId));
        Assert.All(events, e => Assert.InRange(e.RecordedAt, before.AddSeconds(-1), after.AddSeconds(1)));
    }

    [Fact]
    public async Task GivenAStream_WhenAppendingAgain_ThenVersionsContinueWithoutGaps()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "1"), Event("A", "2")]);

        var version = await Store.AppendAsync("doc-1", 2, [Event("B", "3")]);

        Assert.Equal(3, version);
        var events = await Store.ReadAsync("doc-1");
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(["1", "2", "3"], events.Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task GivenAStream_WhenReadingAfterAVersion_ThenOnlyLaterEventsAreReturned()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "1"), Event("A", "2"), Event("A", "3"), Event("A", "4")]);

        Assert.Equal([3L, 4L], (await Store.ReadAsync("doc-1", afterVersion: 2)).Select(e => e.Version));
        Assert.Empty(await Store.ReadAsync("doc-1", afterVersion: 4));
        Assert.Empty(await Store.ReadAsync("doc-1", afterVersion: 9));
    }

    [Fact]
    public async Task GivenAStream_WhenReadingUpToAVersion_ThenReadingStopsThereInclusive()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "1"), Event("A", "2"), Event("A", "3"), Event("A", "4"), Event("A", "5")]);

        Assert.Equal([1L, 2L, 3L], (await Store.ReadAsync("doc-1", toVersion: 3)).Select(e => e.Version));
        Assert.Equal([2L, 3L, 4L], (await Store.ReadAsync("doc-1", afterVersion: 1, toVersion: 4)).Select(e => e.Version));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await Store.ReadAsync("doc-1", toVersion: 99)).Select(e => e.Version));
        Assert.Empty(await Store.ReadAsync("doc-1", afterVersion: 3, toVersion: 3));
    }

    [Fact]
    public async Task GivenAStreamAtVersionTwo_WhenAppendingWithAStaleExpectedVersion_ThenItFailsSayingBothVersionsAndWritesNothing()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "1"), Event("A", "2")]);

        var conflict = await Store.AppendAsync("doc-1", 1, [Event("B", "stale")])
            .ShouldFailWith<WrongExpectedVersionException>("an append at a stale version");

        Assert.Equal("doc-1", conflict.StreamId);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Contains("version 2", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("expected 1", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2, await Store.GetVersionAsync("doc-1"));
        Assert.Equal(["1", "2"], (await Store.ReadAsync("doc-1")).Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task GivenNoStream_WhenAppendingWithAnExpectedVersionAboveZero_ThenItFailsWithActualZeroAndCreatesNothing()
    {
        var conflict = await Store.AppendAsync("doc-new", 3, [Event("A", "1")])
            .ShouldFailWith<WrongExpectedVersionException>("an append to a missing stream at version 3");

        Assert.Equal(3, conflict.ExpectedVersion);
        Assert.Equal(0, conflict.ActualVersion);
        Assert.Equal(0, await Store.GetVersionAsync("doc-new"));
        Assert.DoesNotContain("doc-new", await Store.ListStreamsAsync("doc-"));
    }

    [Fact]
    public async Task GivenAStream_WhenAppendingNoEvents_ThenTheAppendIsRejectedAndNothingChanges()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "1")]);

        await Store.AppendAsync("doc-1", 1, []).ShouldFailWith<ArgumentException>("an empty append");
        await Store.AppendAsync("doc-2", 0, []).ShouldFailWith<ArgumentException>("an empty append to a new stream");

        Assert.Equal(1, await Store.GetVersionAsync("doc-1"));
        Assert.Equal(["doc-1"], await Store.ListStreamsAsync("doc-"));
    }

    [Fact]
    public async Task GivenABlankStreamId_WhenAppending_ThenTheAppendIsRejected()
    {
        await Store.AppendAsync("", 0, [Event("A", "1")]).ShouldFailWith<ArgumentException>("an append to an empty stream id");
        await Store.AppendAsync("   ", 0, [Event("A", "1")]).ShouldFailWith<ArgumentException>("an append to a blank stream id");

        Assert.Empty(await Store.ListStreamsAsync(""));
    }

    [Fact]
    public async Task GivenAPayloadSliceOfALargerBuffer_WhenAppended_ThenExactlyTheSliceIsStored()
    {
        var buffer = Encoding.UTF8.GetBytes("xxx{\"slice\":true}yyy");

        await Store.AppendAsync("doc-1", 0, [new EventData("A", buffer.AsMemory(3, buffer.Length - 6))]);

        Assert.Equal("{\"slice\":true}", Text((await Store.ReadAsync("doc-1"))[0].Data));
    }

    [Fact]
    public async Task GivenEventsSnapshotsAndStreams_WhenTheStoreIsReopened_ThenEverythingRemainsAndVersionsContinue()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "1"), Event("A", "2")]);
        await Store.AppendAsync("doc-2", 0, [Event("B", "x")]);
        await Store.SaveSnapshotAsync("doc-1", SnapshotAt(2));

        var store = await ReopenAsync();

        Assert.Equal(["1", "2"], (await store.ReadAsync("doc-1")).Select(e => Text(e.Data)));
        Assert.Equal(2, await store.GetVersionAsync("doc-1"));
        Assert.Equal(["doc-1", "doc-2"], await store.ListStreamsAsync("doc-"));
        Assert.Equal("state@2", Text((await store.LoadSnapshotAsync("doc-1"))!.Data));
        await store.AppendAsync("doc-1", 1, [Event("A", "stale")]).ShouldFailWith<WrongExpectedVersionException>("a stale append after reopening");
        Assert.Equal(3, await store.AppendAsync("doc-1", 2, [Event("A", "3")]));
    }

    [Fact]
    public async Task GivenWritesNotYetAwaited_WhenTheStoreIsDisposed_ThenEveryAcknowledgedWriteIsThereAfterReopening()
    {
        var appends = Enumerable.Range(0, 20).Select(i => Store.AppendAsync($"doc-{i:D2}", 0, [Event("A", $"{i}")])).ToList();

        await CloseAsync();
        await Task.WhenAll(appends.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default))).WithTimeout("the pending appends to settle");
        var store = await ReopenAsync();

        for (var i = 0; i < appends.Count; i++)
        {
            if (appends[i].IsCompletedSuccessfully)
            {
                Assert.Equal($"{i}", Text(Assert.Single(await store.ReadAsync($"doc-{i:D2}")).Data));
            }
            else
            {
                Assert.IsType<ObjectDisposedException>(appends[i].Exception?.InnerException);
            }
        }
    }

    [Fact]
    public async Task GivenADisposedStore_WhenItIsUsed_ThenEveryCallThrowsObjectDisposedException()
    {
        var store = Store;
        await store.AppendAsync("doc-1", 0, [Event("A", "1")]);
        await CloseAsync();

        await store.AppendAsync("doc-1", 1, [Event("A", "2")]).ShouldFailWith<ObjectDisposedException>("an append after dispose");
        await store.ReadAsync("doc-1").ShouldFailWith<ObjectDisposedException>("a read after dispose");
        await store.GetVersionAsync("doc-1").ShouldFailWith<ObjectDisposedException>("a version read after dispose");
        await store.SaveSnapshotAsync("doc-1", SnapshotAt(1)).ShouldFailWith<ObjectDisposedException>("a snapshot save after dispose");
        await store.LoadSnapshotAsync("doc-1").ShouldFailWith<ObjectDisposedException>("a snapshot load after dispose");
        await store.ListStreamsAsync("doc").ShouldFailWith<ObjectDisposedException>("a listing after dispose");
    }

    [Fact]
    public async Task GivenAnAlreadyCancelledToken_WhenAppending_ThenTheAppendIsCancelledAndNothingIsWritten()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Store.AppendAsync("doc-1", 0, [Event("A", "1")], cancelled.Token)
            .ShouldFailWith<OperationCanceledException>("an append with a cancelled token");

        Assert.Equal(0, await Store.GetVersionAsync("doc-1"));
        Assert.Empty(await Store.ListStreamsAsync("doc-"));
    }

    [Fact]
    public async Task GivenManyWriters_WhenEachAppendsToItsOwnStreamConcurrently_ThenEveryEventIsPresentWithoutGaps()
    {
        const int Writers = 64;
        const int AppendsEach = 50;

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < AppendsEach; i++)
            {
                var version = await Store.AppendAsync($"many/{w:D2}", i, [Event("AnnotationCreated", $"{w}:{i}")]);
                Assert.Equal(i + 1, version);
            }
        }));
        await Task.WhenAll(writers).WithTimeout($"{Writers} writers to append {AppendsEach} times each", TimeSpan.FromSeconds(120));

        var streams = await Store.ListStreamsAsync("many/");
        Assert.Equal(Enumerable.Range(0, Writers).Select(w => $"many/{w:D2}"), streams);
        for (var w = 0; w < Writers; w++)
        {
            var events = await Store.ReadAsync($"many/{w:D2}");
            Assert.Equal(Enumerable.Range(1, AppendsEach).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(Enumerable.Range(0, AppendsEach).Select(i => $"{w}:{i}"), events.Select(e => Text(e.Data)));
        }
    }

    [Fact]
    public async Task GivenContendersOnOneStream_WhenAllAppendAtTheSameVersion_ThenExactlyOneWinsEachRoundAndTheOthersGetAConflict()
    {
        const int Contenders = 32;
        const int Rounds = 20;
        var winners = new List<int>();

        for (var round = 0; round < Rounds; round++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var expected = (long)round;
            var attempts = Enumerable.Range(0, Contenders).Select(c => Task.Run(async () =>
            {
                await start.Task;
                return await Store.AppendAsync("contested", expected, [Event("Claimed", $"{expected}:{c}")]);
            })).ToList();
            start.SetResult();
            await Task.WhenAll(attempts.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)))
                .WithTimeout($"{Contenders} contenders to race for version {expected + 1}");

            var won = Assert.Single(attempts, a => a.IsCompletedSuccessfully);
            Assert.Equal(expected + 1, await won);
            winners.Add(attempts.IndexOf(won));
            foreach (var lost in attempts.Where(a => !a.IsCompletedSuccessfully))
            {
                var conflict = Assert.IsType<WrongExpectedVersionException>(lost.Exception?.InnerException);
                Assert.Equal(expected, conflict.ExpectedVersion);
                Assert.Equal(expected + 1, conflict.ActualVersion);
            }
        }

        var events = await Store.ReadAsync("contested");
        Assert.Equal(Enumerable.Range(1, Rounds).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(winners.Select((c, round) => $"{round}:{c}"), events.Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task GivenWritersRetryingOnOneStream_WhenTheyRace_ThenEveryVersionIsWrittenExactlyOnce()
    {
        const int Writers = 16;
        const int AppendsEach = 10;
        var conflicts = 0;

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var made = 0;
            var version = await Store.GetVersionAsync("shared");
            while (made < AppendsEach)
            {
                try
                {
                    version = await Store.AppendAsync("shared", version, [Event("Claimed", $"{w}:{made}")]);
                    made++;
                }
                catch (WrongExpectedVersionException conflict)
                {
                    Interlocked.Increment(ref conflicts);
                    version = conflict.ActualVersion;
                }
            }
        }));
        await Task.WhenAll(writers).WithTimeout($"{Writers} retrying writers to make {AppendsEach} appends each", TimeSpan.FromSeconds(120));

        var events = await Store.ReadAsync("shared");
        Assert.Equal(Enumerable.Range(1, Writers * AppendsEach).Select(v => (long)v), events.Select(e => e.Version));
        var byWriter = events.Select(e => Text(e.Data).Split(':')).GroupBy(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Writers, byWriter.Count());
        Assert.All(byWriter, g => Assert.Equal(Enumerable.Range(0, AppendsEach), g));
        Assert.Equal(Writers * AppendsEach, await Store.GetVersionAsync("shared"));
    }

    [Fact]
    public async Task GivenSeveralSnapshots_WhenLoadingWithoutAVersion_ThenTheNewestIsReturned()
    {
        await Store.SaveSnapshotAsync("doc-1", SnapshotAt(2));
        await Store.SaveSnapshotAsync("doc-1", SnapshotAt(9));
        await Store.SaveSnapshotAsync("doc-1", SnapshotAt(5));

        var latest = await Store.LoadSnapshotAsync("doc-1");

        Assert.NotNull(latest);
        Assert.Equal(9, latest.Version);
        Assert.Equal("DocumentState", latest.Type);
        Assert.Equal("state@9", Text(latest.Data));
        Assert.Null(await Store.LoadSnapshotAsync("doc-2"));
    }

    [Fact]
    public async Task GivenSeveralSnapshots_WhenLoadingAtOrBeforeAVersion_ThenTheNewestNotAfterItIsReturned()
    {
        await Store.SaveSnapshotAsync("doc-1", SnapshotAt(2));
        await Store.SaveSnapshotAsync("doc-1", SnapshotAt(5));
        await Store.SaveSnapshotAsync("doc-1", SnapshotAt(9));

        Assert.Equal(5, (await Store.LoadSnapshotAsync("doc-1", 7))?.Version);
        Assert.Equal(5, (await Store.LoadSnapshotAsync("doc-1", 5))?.Version);
        Assert.Equal(9, (await Store.LoadSnapshotAsync("doc-1", 100))?.Version);
        Assert.Equal("state@2", Text((await Store.LoadSnapshotAsync("doc-1", 4))!.Data));
        Assert.Null(await Store.LoadSnapshotAsync("doc-1", 1));
    }

    [Fact]
    public async Task GivenStreams_WhenListingByPrefix_ThenOnlyIdsStartingWithItAreReturnedInOrder()
    {
        foreach (var id in new[] { "doc-b/1", "doc-a/2", "doc-a/10", "doc-a", "doc-ab/1", "other/1" })
        {
            await Store.AppendAsync(id, 0, [Event("A", id)]);
        }

        Assert.Equal(["doc-a/10", "doc-a/2"], await Store.ListStreamsAsync("doc-a/"));
        Assert.Equal(["doc-a", "doc-a/10", "doc-a/2", "doc-ab/1"], await Store.ListStreamsAsync("doc-a"));
        Assert.Equal(["doc-a", "doc-a/10", "doc-a/2", "doc-ab/1", "doc-b/1", "other/1"], await Store.ListStreamsAsync(""));
        Assert.Empty(await Store.ListStreamsAsync("zzz"));
    }

    [Fact]
    public async Task GivenOneMegabytePayloads_WhenAppendedAndSnapshotted_ThenTheyAreReadBackIntact()
    {
        var payload = new byte[1024 * 1024];
        new Random(42).NextBytes(payload);
        var other = payload.Reverse().ToArray();

        await Store.AppendAsync("big", 0, [new EventData("Big", payload), new EventData("Big", other)]);
        await Store.SaveSnapshotAsync("big", new Snapshot(2, "BigState", payload));

        var events = await Store.ReadAsync("big");
        Assert.True(events[0].Data.Span.SequenceEqual(payload), "the first 1 MB event came back different");
        Assert.True(events[1].Data.Span.SequenceEqual(other), "the second 1 MB event came back different");
        Assert.True((await Store.LoadSnapshotAsync("big"))!.Data.Span.SequenceEqual(payload), "the 1 MB snapshot came back different");
    }

    [Fact]
    public async Task GivenConcurrentAppendsAndReads_WhenEachAppendCompletes_ThenAReadStartedAfterItSeesIt()
    {
        var seen = new ConcurrentBag<string>();

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var version = await Store.AppendAsync($"ryw/{w}", i, [Event("A", $"{i}")]);
                var events = await Store.ReadAsync($"ryw/{w}");
                Assert.Equal(version, events.Count);
                Assert.Equal(version, await Store.GetVersionAsync($"ryw/{w}"));
                seen.Add($"{w}:{i}");
            }
        }));
        await Task.WhenAll(writers).WithTimeout("8 writers to append and read back their own writes");

        Assert.Equal(160, seen.Count);
    }
}
