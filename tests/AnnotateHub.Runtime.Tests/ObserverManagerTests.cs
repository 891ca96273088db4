using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AnnotateHub.Runtime.Tests;

public sealed class ObserverManagerTests
{
    private static readonly TimeSpan Expiration = TimeSpan.FromMinutes(5);

    [Fact]
    public void GivenExpiredEntry_WhenClearExpired_ThenItIsRemovedAndNotifySkipsIt()
    {
        var clock = new ManualTimeProvider();
        var manager = new ObserverManager<IChatObserver>(Expiration, NullLogger.Instance, clock);
        var old = new SyncObserver();
        var recent = new SyncObserver();
        manager.Subscribe(old, old);
        clock.Advance(TimeSpan.FromMinutes(3));
        manager.Subscribe(recent, recent);
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        manager.ClearExpired();
        manager.Notify(o => o.ReceiveAsync("hello"));

        Assert.Equal(1, manager.Count);
        Assert.Empty(old.Messages);
        Assert.Equal(["hello"], recent.Messages);
    }

    [Fact]
    public void GivenExpiredEntry_WhenNotifying_ThenItIsSkippedAndRemoved()
    {
        var clock = new ManualTimeProvider();
        var manager = new ObserverManager<IChatObserver>(Expiration, NullLogger.Instance, clock);
        var old = new SyncObserver();
        manager.Subscribe(old, old);
        clock.Advance(Expiration + TimeSpan.FromSeconds(1));

        manager.Notify(o => o.ReceiveAsync("hello"));

        Assert.Empty(old.Messages);
        Assert.Equal(0, manager.Count);
    }

    [Fact]
    public void GivenObserverThatResubscribes_WhenTheOriginalExpiryPasses_ThenItStays()
    {
        var clock = new ManualTimeProvider();
        var manager = new ObserverManager<IChatObserver>(Expiration, NullLogger.Instance, clock);
        var observer = new SyncObserver();
        manager.Subscribe(observer, observer);
        clock.Advance(TimeSpan.FromMinutes(4));
        manager.Subscribe(observer, observer);
        clock.Advance(TimeSpan.FromMinutes(4));

        manager.ClearExpired();

        Assert.Equal(1, manager.Count);
    }

    [Fact]
    public async Task GivenObserverWhoseNotificationFails_WhenNotified_ThenItIsRemovedAndTheOthersStillReceive()
    {
        var manager = new ObserverManager<IChatObserver>(Expiration, NullLogger.Instance, new ManualTimeProvider());
        var failing = new ThrowingObserver();
        var fine = new SyncObserver();
        manager.Subscribe(failing, failing);
        manager.Subscribe(fine, fine);

        await manager.Notify(o => o.ReceiveAsync("hello"));

        Assert.Equal(1, manager.Count);
        Assert.Equal(["hello"], fine.Messages);
    }

    [Fact]
    public void GivenPredicate_WhenNotifying_ThenOnlyMatchingObserversReceive()
    {
        var manager = new ObserverManager<IChatObserver>(Expiration, NullLogger.Instance, new ManualTimeProvider());
        var chosen = new SyncObserver();
        var other = new SyncObserver();
        manager.Subscribe(chosen, chosen);
        manager.Subscribe(other, other);

        manager.Notify(o => o.ReceiveAsync("psst"), o => ReferenceEquals(o, chosen));

        Assert.Equal(["psst"], chosen.Messages);
        Assert.Empty(other.Messages);
    }

    private sealed class SyncObserver : IChatObserver
    {
        public List<string> Messages { get; } = [];

        public Task ReceiveAsync(string message)
        {
            Messages.Add(message);
            return Task.CompletedTask;
        }
    }
}
