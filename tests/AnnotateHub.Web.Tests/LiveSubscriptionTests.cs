using System.Threading.Channels;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// The node's live link to a document (<see cref="DocumentSubscriptions"/>): one subscription per document however many
/// tabs, every change passed on in order, and what a lost notification left out filled in from the event store.
/// </summary>
public sealed class LiveSubscriptionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private DocumentSubscriptions Subscriptions => factory.Services.GetRequiredService<DocumentSubscriptions>();

    [Fact]
    public async Task GivenTwoTabsOnADocument_WhenSomeoneAnnotates_ThenBothHearItInOrderThroughOneNodeSubscription()
    {
        var team = await factory.SharedAsync("live-team", () => Team.CreateAsync(factory, "Live desk"));
        var documentId = await team.ImportAsync("Statement", "Unemployment fell to 3.1 percent last year. Crime fell by half.");
        var first = Channel.CreateUnbounded<DocumentChange>();
        var second = Channel.CreateUnbounded<DocumentChange>();
        await using var tab1 = await Subscriptions.SubscribeAsync(documentId, c => first.Writer.WriteAsync(c).AsTask());
        await using var tab2 = await Subscriptions.SubscribeAsync(documentId, c => second.Writer.WriteAsync(c).AsTask());

        await team.AnnotateAsync(documentId, new { exact = "fell to 3.1 percent" });
        await team.AnnotateAsync(documentId, new { exact = "Crime fell by half" });

        foreach (var tab in new[] { first, second })
        {
            var versions = new[] { (await NextAsync(tab)).Version, (await NextAsync(tab)).Version };
            Assert.Equal([2L, 3L], versions);
        }

        Assert.Equal(3, Subscriptions.VersionOf(documentId));
    }

    [Fact]
    public async Task GivenANotificationIsLost_WhenTheNextChangeArrives_ThenTheMissedChangeIsFilledInFromTheStoreFirst()
    {
        var team = await factory.SharedAsync("live-team", () => Team.CreateAsync(factory, "Live desk"));
        var documentId = await team.ImportAsync("Statement", "Unemployment fell to 3.1 percent last year. Crime fell by half.");
        var heard = Channel.CreateUnbounded<DocumentChange>();
        await using var tab = await Subscriptions.SubscribeAsync(documentId, c => heard.Writer.WriteAsync(c).AsTask());
        Subscriptions.DropNotification = c => c.DocumentId == documentId && c.Version == 2;
        try
        {
            var lost = await team.AnnotateAsync(documentId, new { exact = "fell to 3.1 percent" });
            var next = await team.AnnotateAsync(documentId, new { exact = "Crime fell by half" });

            var caughtUp = await NextAsync(heard);
            Assert.Equal(2, caughtUp.Version);
            Assert.Equal(lost["id"]!.GetValue<string>(), caughtUp.AnnotationId);
            var live = await NextAsync(heard);
            Assert.Equal(3, live.Version);
            Assert.Equal(next["id"]!.GetValue<string>(), live.AnnotationId);
        }
        finally
        {
            Subscriptions.DropNotification = null;
        }
    }

    [Fact]
    public async Task GivenTheLastNotificationIsLost_WhenTheSubscriptionIsRenewed_ThenTheNodeCatchesUpFromTheGrainsVersion()
    {
        var team = await factory.SharedAsync("live-team", () => Team.CreateAsync(factory, "Live desk"));
        var documentId = await team.ImportAsync("Statement", "Unemployment fell to 3.1 percent last year.");
        var heard = Channel.CreateUnbounded<DocumentChange>();
        await using var tab = await Subscriptions.SubscribeAsync(documentId, c => heard.Writer.WriteAsync(c).AsTask());
        Subscriptions.DropNotification = c => c.DocumentId == documentId;
        try
        {
            await team.AnnotateAsync(documentId, new { exact = "fell to 3.1 percent" });
        }
        finally
        {
            Subscriptions.DropNotification = null;
        }

        Assert.False(heard.Reader.TryRead(out _), "the dropped change must not have arrived by itself");
        await Subscriptions.RenewAllAsync();

        var caughtUp = await NextAsync(heard);
        Assert.Equal(2, caughtUp.Version);
        Assert.Equal(2, Subscriptions.VersionOf(documentId));
    }

    [Fact]
    public async Task GivenPresenceListsArriveOutOfOrder_ThenTheOlderListIsIgnored()
    {
        var team = await factory.SharedAsync("live-team", () => Team.CreateAsync(factory, "Live desk"));
        var documentId = await team.ImportAsync("Statement", "Unemployment fell to 3.1 percent last year.");
        var heard = Channel.CreateUnbounded<IReadOnlyList<PresenceEntry>>();
        await using var tab = await Subscriptions.SubscribeAsync(documentId, _ => Task.CompletedTask, p => heard.Writer.WriteAsync(p).AsTask());
        var observer = Subscriptions.ObserverOf(documentId)!;
        var newer = new[] { new PresenceEntry("tab-2", "bob", "Bob", null, DateTimeOffset.UnixEpoch) };
        var older = new[] { new PresenceEntry("tab-1", "ann", "Ann", null, DateTimeOffset.UnixEpoch), newer[0] };

        // Orleans may deliver one-way calls out of order: the list sent second arrives first.
        await observer.OnPresenceChangedAsync(newer, long.MaxValue - 1);
        await observer.OnPresenceChangedAsync(older, long.MaxValue - 2);
        await observer.OnPresenceChangedAsync(newer, long.MaxValue);

        Assert.Same(newer, await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Same(newer, await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.False(heard.Reader.TryRead(out var stale), $"a stale presence list reached the tab: {stale?.Count} entries");
    }

    [Fact]
    public async Task GivenTheLastTabLeaves_ThenTheNodeDropsItsSubscription()
    {
        var team = await factory.SharedAsync("live-team", () => Team.CreateAsync(factory, "Live desk"));
        var documentId = await team.ImportAsync("Statement", "Unemployment fell to 3.1 percent last year.");

        var tab1 = await Subscriptions.SubscribeAsync(documentId, _ => Task.CompletedTask);
        var tab2 = await Subscriptions.SubscribeAsync(documentId, _ => Task.CompletedTask);
        await tab1.DisposeAsync();
        Assert.NotNull(Subscriptions.VersionOf(documentId));
        await tab2.DisposeAsync();

        Assert.Null(Subscriptions.VersionOf(documentId));
    }

    private static async Task<DocumentChange> NextAsync(Channel<DocumentChange> channel)
    {
        try
        {
            return await channel.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No document change reached the session within {Patience.TotalSeconds} s.");
        }
    }
}
