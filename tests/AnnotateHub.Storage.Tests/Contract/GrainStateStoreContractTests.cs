using System.Text;

namespace AnnotateHub.Storage.Tests.Contract;

/// <summary>
/// What every <see cref="IGrainStateStore"/> must do: records with ETags, where a write or clear succeeds only with the
/// current ETag (null = "there must be no record"). Each store runs it through a derived class.
/// </summary>
public abstract class GrainStateStoreContractTests : StoreContractTests<IGrainStateStore>
{
    private const string State = "annotation";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> data) => Encoding.UTF8.GetString(data.Span);

    [Fact]
    public async Task GivenNoRecord_WhenReading_ThenThereIsNone()
    {
        Assert.Null(await Store.ReadStateAsync(State, "a-1"));
    }

    [Fact]
    public async Task GivenNoRecord_WhenWritingWithNoETag_ThenItIsStoredUnderTheReturnedETag()
    {
        var etag = await Store.WriteStateAsync(State, "a-1", Bytes("{\"v\":1}"), expectedETag: null);

        Assert.False(string.IsNullOrWhiteSpace(etag));
        var stored = await Store.ReadStateAsync(State, "a-1");
        Assert.NotNull(stored);
        Assert.Equal(etag, stored.ETag);
        Assert.Equal("{\"v\":1}", Text(stored.Data));
    }

    [Fact]
    public async Task GivenARecord_WhenWritingWithItsETag_ThenDataAndETagAreReplaced()
    {
        var first = await Store.WriteStateAsync(State, "a-1", Bytes("v1"), null);

        var second = await Store.WriteStateAsync(State, "a-1", Bytes("v2"), first);

        Assert.NotEqual(first, second);
        var stored = await Store.ReadStateAsync(State, "a-1");
        Assert.Equal(second, stored?.ETag);
        Assert.Equal("v2", Text(stored!.Data));
    }

    [Fact]
    public async Task GivenARecord_WhenWritingWithAStaleETag_ThenItFailsSayingBothETagsAndNothingChanges()
    {
        var first = await Store.WriteStateAsync(State, "a-1", Bytes("v1"), null);
        var second = await Store.WriteStateAsync(State, "a-1", Bytes("v2"), first);

        var mismatch = await Store.WriteStateAsync(State, "a-1", Bytes("lost update"), first)
            .ShouldFailWith<ETagMismatchException>("a write with a stale ETag");

        Assert.Equal(first, mismatch.ExpectedETag);
        Assert.Equal(second, mismatch.ActualETag);
        Assert.Contains(first, mismatch.Message, StringComparison.Ordinal);
        Assert.Contains(second, mismatch.Message, StringComparison.Ordinal);
        var stored = await Store.ReadStateAsync(State, "a-1");
        Assert.Equal(second, stored?.ETag);
        Assert.Equal("v2", Text(stored!.Data));
    }

    [Fact]
    public async Task GivenARecord_WhenWritingWithNoETag_ThenItFailsBecauseARecordExists()
    {
        var etag = await Store.WriteStateAsync(State, "a-1", Bytes("v1"), null);

        var mismatch = await Store.WriteStateAsync(State, "a-1", Bytes("again"), null)
            .ShouldFailWith<ETagMismatchException>("a create over an existing record");

        Assert.Null(mismatch.ExpectedETag);
        Assert.Equal(etag, mismatch.ActualETag);
        Assert.Equal("v1", Text((await Store.ReadStateAsync(State, "a-1"))!.Data));
    }

    [Fact]
    public async Task GivenNoRecord_WhenWritingWithAnETag_ThenItFailsAndCreatesNothing()
    {
        var mismatch = await Store.WriteStateAsync(State, "a-1", Bytes("v1"), "made-up-etag")
            .ShouldFailWith<ETagMismatchException>("a write with an ETag to a missing record");

        Assert.Equal("made-up-etag", mismatch.ExpectedETag);
        Assert.Null(mismatch.ActualETag);
        Assert.Null(await Store.ReadStateAsync(State, "a-1"));
    }

    [Fact]
    public async Task GivenARecord_WhenClearingWithItsETag_ThenItIsGoneAndCanBeCreatedAgain()
    {
        var etag = await Store.WriteStateAsync(State, "a-1", Bytes("v1"), null);

        await Store.ClearStateAsync(State, "a-1", etag);

        Assert.Null(await Store.ReadStateAsync(State, "a-1"));
        var recreated = await Store.WriteStateAsync(State, "a-1", Bytes("v2"), null);
        Assert.NotEqual(etag, recreated);
        Assert.Equal("v2", Text((await Store.ReadStateAsync(State, "a-1"))!.Data));
    }

    [Fact]
    public async Task GivenARecord_WhenClearingWithAStaleETag_ThenItFailsAndTheRecordRemains()
    {
        var first = await Store.WriteStateAsync(State, "a-1", Bytes("v1"), null);
        var second = await Store.WriteStateAsync(State, "a-1", Bytes("v2"), first);

        var mismatch = await Store.ClearStateAsync(State, "a-1", first)
            .ShouldFailWith<ETagMismatchException>("a clear with a stale ETag");

        Assert.Equal(second, mismatch.ActualETag);
        await Store.ClearStateAsync(State, "a-1", null).ShouldFailWith<ETagMismatchException>("a clear with no ETag of an existing record");
        Assert.Equal(second, (await Store.ReadStateAsync(State, "a-1"))?.ETag);
    }

    [Fact]
    public async Task GivenNoRecord_WhenClearingWithNoETag_ThenNothingHappens()
    {
        await Store.ClearStateAsync(State, "a-1", null);

        Assert.Null(await Store.ReadStateAsync(State, "a-1"));
        await Store.ClearStateAsync(State, "a-1", "made-up-etag").ShouldFailWith<ETagMismatchException>("a clear with an ETag of a missing record");
    }

    [Fact]
    public async Task GivenTwoStateNames_WhenTheSameKeyIsWritten_ThenTheRecordsAreIndependent()
    {
        var annotation = await Store.WriteStateAsync("annotation", "k", Bytes("annotation state"), null);
        var thread = await Store.WriteStateAsync("thread", "k", Bytes("thread state"), null);

        await Store.ClearStateAsync("thread", "k", thread);

        Assert.Null(await Store.ReadStateAsync("thread", "k"));
        var stored = await Store.ReadStateAsync("annotation", "k");
        Assert.Equal(annotation, stored?.ETag);
        Assert.Equal("annotation state", Text(stored!.Data));
    }

    [Fact]
    public async Task GivenRecords_WhenTheStoreIsReopened_ThenDataAndETagsRemain()
    {
        var etag = await Store.WriteStateAsync(State, "a-1", Bytes("kept"), null);
        var cleared = await Store.WriteStateAsync(State, "a-2", Bytes("cleared"), null);
        await Store.ClearStateAsync(State, "a-2", cleared);

        var store = await ReopenAsync();

        var stored = await store.ReadStateAsync(State, "a-1");
        Assert.Equal(etag, stored?.ETag);
        Assert.Equal("kept", Text(stored!.Data));
        Assert.Null(await store.ReadStateAsync(State, "a-2"));
        await store.WriteStateAsync(State, "a-1", Bytes("next"), etag);
    }

    [Fact]
    public async Task GivenAOneMegabyteState_WhenWritten_ThenItIsReadBackIntact()
    {
        var data = new byte[1024 * 1024];
        new Random(7).NextBytes(data);

        var etag = await Store.WriteStateAsync(State, "big", data, null);

        var stored = await Store.ReadStateAsync(State, "big");
        Assert.Equal(etag, stored?.ETag);
        Assert.True(stored!.Data.Span.SequenceEqual(data), "the 1 MB state came back different");
    }

    [Fact]
    public async Task GivenWritersHoldingTheSameETag_WhenTheyAllWrite_ThenExactlyOneWins()
    {
        const int Writers = 24;
        var etag = await Store.WriteStateAsync(State, "a-1", Bytes("v0"), null);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writes = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            return await Store.WriteStateAsync(State, "a-1", Bytes($"writer {w}"), etag);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default))).WithTimeout($"{Writers} racing state writes");

        var won = Assert.Single(writes, w => w.IsCompletedSuccessfully);
        Assert.All(writes.Where(w => w != won), w => Assert.IsType<ETagMismatchException>(w.Exception?.InnerException));
        var stored = await Store.ReadStateAsync(State, "a-1");
        Assert.Equal(await won, stored?.ETag);
        Assert.Equal($"writer {writes.IndexOf(won)}", Text(stored!.Data));
    }
}
