using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task GivenNoStoredRecord_WhenTheGrainActivates_ThenItStartsFromANewStateAndPersistsChanges()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<ICounterGrain>("fresh");

        Assert.Equal(0, await grain.GetAsync().Within("first read"));
        Assert.Equal(1, await grain.IncrementAsync().Within("increment"));

        var stored = new GrainState<CounterState>();
        await runtime.DefaultStorage().ReadStateAsync("counter", GrainId.Create("counter", "fresh"), stored);
        Assert.True(stored.RecordExists);
        Assert.Equal(new CounterState(1), stored.State);
    }

    [Fact]
    public async Task GivenAnotherWriterChangedTheSameStorageKey_WhenTheGrainWrites_ThenInconsistentStateReachesTheCallerAndTheNextCallSeesFreshState()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var grain = runtime.GrainFactory.GetGrain<ICounterGrain>("etag");
        Assert.Equal(1, await grain.IncrementAsync().Within("first increment"));

        var id = GrainId.Create("counter", "etag");
        var other = new GrainState<CounterState>();
        await runtime.DefaultStorage().ReadStateAsync("counter", id, other);
        var etagTheGrainHolds = other.ETag;
        other.State = new CounterState(100);
        await runtime.DefaultStorage().WriteStateAsync("counter", id, other);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.IncrementAsync().Within("conflicting increment"));
        Assert.Equal(other.ETag, conflict.StoredEtag);
        Assert.Equal(etagTheGrainHolds, conflict.CurrentEtag);
        Assert.Contains($"Stored ETag: {other.ETag}", conflict.Message, StringComparison.Ordinal);
        Assert.Contains($"current ETag: {etagTheGrainHolds}", conflict.Message, StringComparison.Ordinal);

        await runtime.Events().WhenCount("deactivate:etag:ApplicationError", 1).Within("deactivation after the conflict");
        Assert.Equal(101, await grain.IncrementAsync().Within("increment after reload"));
    }

    [Fact]
    public async Task GivenTwoStatesReadFromTheSameKey_WhenBothWrite_ThenTheSecondWriteFailsWithBothETags()
    {
        var storage = new MemoryGrainStorage();
        var id = GrainId.Create("document", "abc");
        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await storage.ReadStateAsync("doc", id, first);
        await storage.ReadStateAsync("doc", id, second);

        first.State = new CounterState(1);
        await storage.WriteStateAsync("doc", id, first);
        second.State = new CounterState(2);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("doc", id, second));

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        Assert.Contains("document/abc", conflict.Message, StringComparison.Ordinal);
        var reread = new GrainState<CounterState>();
        await storage.ReadStateAsync("doc", id, reread);
        Assert.Equal(new CounterState(1), reread.State);
    }

    [Fact]
    public async Task GivenStaleETag_WhenClearing_ThenTheRecordStays()
    {
        var storage = new MemoryGrainStorage();
        var id = GrainId.Create("document", "abc");
        var stale = new GrainState<CounterState>(new CounterState(1));
        await storage.WriteStateAsync("doc", id, stale);
        var current = new GrainState<CounterState>();
        await storage.ReadStateAsync("doc", id, current);
        current.State = new CounterState(2);
        await storage.WriteStateAsync("doc", id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("doc", id, stale));
        await storage.ClearStateAsync("doc", id, current);

        Assert.False(current.RecordExists);
        Assert.Equal(0, storage.Count);
    }

    [Fact]
    public async Task GivenWrittenState_WhenTheWriterMutatesItsObject_ThenTheStoredStateDoesNotChange()
    {
        var storage = new MemoryGrainStorage();
        var id = GrainId.Create("list", "x");
        var state = new GrainState<List<int>>([1, 2]);
        await storage.WriteStateAsync("items", id, state);

        state.State.Add(3);
        var reread = new GrainState<List<int>>();
        await storage.ReadStateAsync("items", id, reread);

        Assert.Equal([1, 2], reread.State);
        Assert.NotSame(state.State, reread.State);
    }

    [Fact]
    public async Task GivenStateNamingAnUnregisteredStorage_WhenTheGrainActivates_ThenTheCallerIsToldWhichProviderIsMissing()
    {
        await using var runtime = GrainRuntime.Create(services => services.AddGrainRuntime().AddGrain<IOrphanGrain, OrphanGrain>());
        var grain = runtime.GrainFactory.GetGrain<IOrphanGrain>("x");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetAsync().Within("activation without storage"));

        Assert.Contains("'archive'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddGrainStorage", error.Message, StringComparison.Ordinal);
    }

    public interface IOrphanGrain : IGrainWithStringKey
    {
        Task<int> GetAsync();
    }

    public sealed class OrphanGrain([PersistentState("s", "archive")] IPersistentState<CounterState> state) : Grain, IOrphanGrain
    {
        public Task<int> GetAsync() => Task.FromResult(state.State.Value);
    }
}
