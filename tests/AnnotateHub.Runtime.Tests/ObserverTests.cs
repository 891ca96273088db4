using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class ObserverTests
{
    [Fact]
    public async Task GivenSubscribedObserver_WhenTheGrainNotifiesManyTimes_ThenItReceivesEveryMessageInOrder()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var room = runtime.GrainFactory.GetGrain<IRoomGrain>("order");
        var observer = new RecordingObserver(expected: 100);
        await room.SubscribeAsync(runtime.GrainFactory.CreateObjectReference<IChatObserver>(observer)).Within("subscribe");

        for (var i = 0; i < 100; i++)
        {
            await room.PublishAsync($"m{i}").Within($"publish m{i}");
        }

        await observer.Received.Within("100 messages at the observer");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), observer.Messages);
    }

    [Fact]
    public async Task GivenAThrowingAndABlockedObserver_WhenTheGrainNotifies_ThenNeitherBlocksTheGrainNorTheHealthyObserver()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var factory = runtime.GrainFactory;
        var room = runtime.GrainFactory.GetGrain<IRoomGrain>("mixed");
        var throwing = new ThrowingObserver();
        var blocked = new BlockedObserver();
        var healthy = new RecordingObserver(expected: 10);
        await room.SubscribeAsync(factory.CreateObjectReference<IChatObserver>(throwing)).Within("subscribe throwing");
        await room.SubscribeAsync(factory.CreateObjectReference<IChatObserver>(blocked)).Within("subscribe blocked");
        await room.SubscribeAsync(factory.CreateObjectReference<IChatObserver>(healthy)).Within("subscribe healthy");

        for (var i = 0; i < 10; i++)
        {
            await room.PublishAsync($"m{i}").Within($"publish m{i} past a throwing and a blocked observer");
        }

        await healthy.Received.Within("all messages at the healthy observer");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), healthy.Messages);
        await blocked.Called(1).Within("the blocked observer's first call");
        Assert.Equal(1, blocked.Calls);

        // After 3 consecutive failures the throwing observer's reference is dropped; the next notify removes it.
        await Wait.Until(() => runtime.GetStatistics().Observers.ReferencesDropped == 1, "the throwing observer to be dropped");
        Assert.Equal(3, throwing.Calls);
        await room.PublishAsync("after drop").Within("publish after the drop");
        Assert.Equal(2, await room.ClearExpiredAsync().Within("observer count"));
        Assert.True(runtime.GetStatistics().Observers.DeliveryFailures >= 3);
    }

    [Fact]
    public async Task GivenBlockedObserver_WhenTheDeliveryTimeoutPasses_ThenItsNextMessageIsDelivered()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock, o => o.ObserverDeliveryTimeout = TimeSpan.FromSeconds(10));
        var room = runtime.GrainFactory.GetGrain<IRoomGrain>("timeout");
        var blocked = new BlockedObserver();
        await room.SubscribeAsync(runtime.GrainFactory.CreateObjectReference<IChatObserver>(blocked)).Within("subscribe");
        await room.PublishAsync("one").Within("publish one");
        await room.PublishAsync("two").Within("publish two");
        await blocked.Called(1).Within("the first delivery");

        await Wait.Until(() => clock.PendingTimers > 0, "the delivery timeout to be armed");
        clock.Advance(TimeSpan.FromSeconds(10));

        await blocked.Called(2).Within("the second delivery after the first timed out");
        Assert.Equal(1, runtime.GetStatistics().Observers.DeliveryFailures);
    }

    [Fact]
    public async Task GivenObserverThatStoppedResubscribing_WhenItsExpiryPasses_ThenClearExpiredRemovesItAndTheOtherStays()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock);
        var factory = runtime.GrainFactory;
        var room = factory.GetGrain<IRoomGrain>("expiry");
        var leaving = new RecordingObserver(expected: 1);
        var staying = new RecordingObserver(expected: 1);
        var leavingReference = factory.CreateObjectReference<IChatObserver>(leaving);
        var stayingReference = factory.CreateObjectReference<IChatObserver>(staying);
        await room.SubscribeAsync(leavingReference).Within("subscribe leaving");
        await room.SubscribeAsync(stayingReference).Within("subscribe staying");

        clock.Advance(RoomGrain.Expiration - TimeSpan.FromMinutes(1));
        await room.SubscribeAsync(stayingReference).Within("re-subscribe staying");
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await room.ClearExpiredAsync().Within("clear expired"));
        await room.PublishAsync("still here?").Within("publish");
        await staying.Received.Within("the message at the staying observer");
        Assert.Empty(leaving.Messages);
    }

    [Fact]
    public async Task GivenDeletedReference_WhenCalled_ThenTheCallFailsAndTheObserverManagerDropsIt()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var factory = runtime.GrainFactory;
        var room = factory.GetGrain<IRoomGrain>("deleted");
        var observer = new RecordingObserver(expected: 1);
        var reference = factory.CreateObjectReference<IChatObserver>(observer);
        await room.SubscribeAsync(reference).Within("subscribe");

        factory.DeleteObjectReference<IChatObserver>(observer);

        await Assert.ThrowsAsync<ClientNotAvailableException>(() => reference.ReceiveAsync("direct"));
        await room.PublishAsync("after delete").Within("publish");
        Assert.Equal(0, await room.ClearExpiredAsync().Within("observer count"));
        Assert.Empty(observer.Messages);
    }

    [Fact]
    public async Task GivenSameObject_WhenReferencedTwice_ThenItGetsTheSameReference()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var observer = new RecordingObserver(expected: 1);

        var first = runtime.GrainFactory.CreateObjectReference<IChatObserver>(observer);
        var second = runtime.GrainFactory.CreateObjectReference<IChatObserver>(observer);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task GivenObserverInterfaceWithAResult_WhenReferenced_ThenItIsRejected()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());

        var error = Assert.Throws<InvalidOperationException>(() => runtime.GrainFactory.CreateObjectReference<IAskingObserver>(new AskingObserver()));

        Assert.Contains("IAskingObserver.AskAsync returns Task`1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenObserverWithVoidAndValueTaskMethods_WhenCalledThroughItsReference_ThenCallsArriveInOrder()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        var observer = new PingObserver();
        var reference = runtime.GrainFactory.CreateObjectReference<IPingObserver>(observer);

        reference.Ping("a");
        await reference.PongAsync("b");
        reference.Ping("c");

        await observer.Log.WhenCount("c", 1).Within("the third call at the observer");
        Assert.Equal(["a", "b", "c"], observer.Log.Events);
    }

    public interface IPingObserver : IGrainObserver
    {
        void Ping(string value);

        ValueTask PongAsync(string value);
    }

    private sealed class PingObserver : IPingObserver
    {
        public EventLog Log { get; } = new();

        public void Ping(string value) => Log.Record(value);

        public async ValueTask PongAsync(string value)
        {
            await Task.Yield();
            Log.Record(value);
        }
    }

    public interface IAskingObserver : IGrainObserver
    {
        Task<int> AskAsync();
    }

    private sealed class AskingObserver : IAskingObserver
    {
        public Task<int> AskAsync() => Task.FromResult(1);
    }
}
