using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>
/// Who is on a document and which annotation each tab has open: in memory only, announced to observers, expiring
/// with the grain's clock.
/// </summary>
/// <remarks>
/// Observers are references (<c>CreateObjectReference</c>) and hear presence one-way, after the grain call returned: a
/// test waits for the number of lists it expects, and proves that nothing else was sent by waiting for a later,
/// known broadcast and checking that it is the next one heard.
/// </remarks>
[Collection(SharedClusterCollection.Name)]
public sealed class PresenceTests(SharedCluster cluster)
{
    private static readonly TimeSpan Lifetime = new DocumentGrainOptions().PresenceLifetime;

    private static PresenceEntry Tab(string sessionId, Actor who, string? annotationId = null) =>
        new(sessionId, who.UserId, who.DisplayName ?? who.UserId, annotationId, DateTimeOffset.MinValue);

    private static string[] Sessions(IReadOnlyList<PresenceEntry>? present) => present is null ? [] : [.. present.Select(p => p.SessionId)];

    [Fact]
    public async Task GivenASubscribedObserver_WhenTabsJoinFocusAndLeave_ThenItHearsWhoIsThereAfterEachChange()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var observer = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, observer);

        // One change at a time: Orleans does not promise that one-way calls arrive in the order they were sent.
        var afterAlice = await document.JoinAsync(Tab("alice-1", Alice));
        await observer.WhenPresenceCount(1).WithTimeout("the observer to hear alice-1 join");
        await document.JoinAsync(Tab("bob-1", Bob));
        await observer.WhenPresenceCount(2).WithTimeout("the observer to hear bob-1 join");
        Assert.True(await document.FocusAsync("bob-1", "c1"));
        await observer.WhenPresenceCount(3).WithTimeout("the observer to hear bob-1 open c1");
        await document.LeaveAsync("alice-1");
        await observer.WhenPresenceCount(4).WithTimeout("the observer to hear alice-1 leave");

        var heard = observer.PresenceHeard;
        Assert.Equal(4, heard.Count);
        Assert.Equal(["alice-1"], Sessions(heard[0]));
        Assert.Equal(["alice-1", "bob-1"], Sessions(heard[1]));
        Assert.Equal([null, "c1"], heard[2].Select(p => p.AnnotationId));
        Assert.Equal(["bob-1"], Sessions(heard[3]));
        var sequences = observer.PresenceSequences;
        Assert.True(sequences.Zip(sequences.Skip(1)).All(pair => pair.Second > pair.First), $"presence sequences must grow: {string.Join(", ", sequences)}");
        Assert.Equal(["alice-1"], Sessions(afterAlice));
        var bob = Assert.Single(await document.GetPresenceAsync());
        Assert.Equal(new PresenceEntry("bob-1", "bob", "Bob", "c1", ManualClock.Start), bob);
    }

    [Fact]
    public async Task GivenTwoObservers_WhenPresenceChanges_ThenBothGetTheSameListObject()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        // Observers made in the silo (as the co-hosted web front end makes them): nothing is serialised on the way.
        var inSilo = host.SiloGrains(host.Silos[0]);
        var first = new RecordingObserver();
        var second = new RecordingObserver();
        await document.SubscribeAsync(inSilo, first);
        await document.SubscribeAsync(inSilo, second);

        await document.JoinAsync(Tab("alice-1", Alice));
        await first.WhenPresenceCount(1).WithTimeout("the first observer to hear the presence list");
        await second.WhenPresenceCount(1).WithTimeout("the second observer to hear the presence list");

        Assert.NotNull(first.LastPresence);
        Assert.Same(first.LastPresence, second.LastPresence);
    }

    [Fact]
    public async Task GivenOneUserInTwoTabs_WhenBothJoinAndOneLeaves_ThenTheUserIsShownOnceWithBothSessionsUntilTheLastTabLeaves()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.HighlightAsync(Claim("c2", exact: "fifty years"));

        await document.JoinAsync(Tab("alice-1", Alice, "c1"));
        await document.JoinAsync(Tab("bob-1", Bob));
        var present = await document.JoinAsync(Tab("alice-2", Alice, "c2"));

        Assert.Equal(["alice-1", "bob-1", "alice-2"], Sessions(present));
        var users = Presence.ByUser(present);
        Assert.Equal(["alice", "bob"], users.Select(u => u.UserId));
        Assert.Equal(2, users[0].Sessions);
        Assert.Equal(["c1", "c2"], users[0].AnnotationIds);
        Assert.Equal("Alice", users[0].DisplayName);

        await document.LeaveAsync("alice-1");
        var afterOneTab = Presence.ByUser(await document.GetPresenceAsync());
        Assert.Equal(["bob", "alice"], afterOneTab.Select(u => u.UserId));
        Assert.Equal((1, "c2"), (afterOneTab[1].Sessions, Assert.Single(afterOneTab[1].AnnotationIds)));

        await document.LeaveAsync("alice-2");
        Assert.Equal(["bob"], Presence.ByUser(await document.GetPresenceAsync()).Select(u => u.UserId));
    }

    [Fact]
    public async Task GivenAJoinWithAClientTime_ThenTheGrainsClockIsRecordedInstead()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        var present = await document.JoinAsync(Tab("alice-1", Alice) with { LastSeen = DateTimeOffset.MaxValue, DisplayName = "  Alice \n Smith " });

        Assert.Equal(ManualClock.Start, Assert.Single(present).LastSeen);
        Assert.Equal("Alice Smith", present[0].DisplayName);
    }

    [Fact]
    public async Task GivenNoDocument_WhenATabJoins_ThenNotFound()
    {
        var host = cluster.Host;
        var docMissing = Fresh.Id("doc");

        var rejected = await Assert.ThrowsAsync<DomainException>(() => host.Document(docMissing).JoinAsync(Tab("alice-1", Alice)));

        Assert.Equal((DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound), (rejected.Error.Kind, rejected.Error.Code));
    }

    [Theory]
    [InlineData("", "alice")]
    [InlineData("tab-1", " ")]
    public async Task GivenABlankSessionOrUserId_WhenATabJoins_ThenInvalidAndNobodyIsAdded(string sessionId, string userId)
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        var rejected = await Assert.ThrowsAsync<DomainException>(() => document.JoinAsync(new PresenceEntry(sessionId, userId, "Someone", null, default)));

        Assert.Equal((DomainErrorKind.Invalid, ErrorCodes.IdInvalid), (rejected.Error.Kind, rejected.Error.Code));
        Assert.Empty(await document.GetPresenceAsync());
    }

    [Fact]
    public async Task GivenAnObserverReference_WhenPresenceChanges_ThenItKeepsHearingDocumentChanges()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var observer = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, observer);

        await document.JoinAsync(Tab("alice-1", Alice));
        await document.FocusAsync("alice-1", "c1");
        var reply = await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Still hearing this?"));

        await observer.WhenCount(1).WithTimeout("the observer reference to hear the reply after presence changes");
        Assert.Equal(Wire(reply), Wire(Assert.Single(observer.Changes)));
    }

    [Fact]
    public async Task GivenAnObserverReference_WhenATabJoins_ThenItHearsThePresence()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var observer = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, observer);

        await document.JoinAsync(Tab("alice-1", Alice));

        await observer.WhenPresenceCount(1).WithTimeout("the observer reference to hear the presence list");
        Assert.Equal(["alice-1"], Sessions(observer.LastPresence));
    }
}

/// <summary>Presence over time (the grain's clock moves), across a restart, and with a session limit: each test has its own host.</summary>
public sealed class PresenceLifetimeTests
{
    private static readonly TimeSpan Lifetime = new DocumentGrainOptions().PresenceLifetime;

    private static PresenceEntry Tab(string sessionId, Actor who, string? annotationId = null) =>
        new(sessionId, who.UserId, who.DisplayName ?? who.UserId, annotationId, DateTimeOffset.MinValue);

    private static string[] Sessions(IReadOnlyList<PresenceEntry>? present) => present is null ? [] : [.. present.Select(p => p.SessionId)];

    [Fact]
    public async Task GivenTwoTabs_WhenOneIsNotRenewedWithinTheLifetime_ThenItExpiresOnTheNextPresenceCallAndObserversHearIt()
    {
        await using var host = await GrainHost.StartAsync();
        const string doc1 = "doc-1";
        var document = await host.DocumentWithClaimAsync(doc1);
        var observer = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, observer);
        await document.JoinAsync(Tab("alice-1", Alice));
        await observer.WhenPresenceCount(1).WithTimeout("the observer to hear alice-1 join");
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await document.JoinAsync(Tab("bob-1", Bob));
        await observer.WhenPresenceCount(2).WithTimeout("the observer to hear bob-1 join");

        host.Clock.Advance(Lifetime - TimeSpan.FromSeconds(30));
        Assert.Equal(["alice-1", "bob-1"], Sessions(await document.GetPresenceAsync()));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await document.JoinAsync(Tab("bob-1", Bob));

        // The third list heard is the expiry: the call at the end of the lifetime broadcast nothing.
        await observer.WhenPresenceCount(3).WithTimeout("the observer to hear the expiry of alice-1");
        Assert.Equal(["bob-1"], Sessions(observer.PresenceHeard[2]));
        Assert.Equal(["bob-1"], Sessions(await document.GetPresenceAsync()));

        // The next list heard is Carol's join: reading presence after the expiry broadcast nothing either.
        await document.JoinAsync(Tab("carol-1", Carol));
        await observer.WhenPresenceCount(4).WithTimeout("the observer to hear carol-1 join");
        Assert.Equal(4, observer.PresenceHeard.Count);
        Assert.Equal(["bob-1", "carol-1"], Sessions(observer.PresenceHeard[3]));
    }

    [Fact]
    public async Task GivenATabThatRenewsBeforeEachLifetimeEnds_WhenTimePasses_ThenItStaysWithoutAnyBroadcast()
    {
        await using var host = await GrainHost.StartAsync();
        const string doc1 = "doc-1";
        var document = await host.DocumentWithClaimAsync(doc1);
        var observer = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, observer);
        await document.JoinAsync(Tab("alice-1", Alice, "c1"));
        await observer.WhenPresenceCount(1).WithTimeout("the observer to hear alice-1 join");

        for (var i = 0; i < 10; i++)
        {
            host.Clock.Advance(Lifetime / 3);
            await document.JoinAsync(Tab("alice-1", Alice, "c1"));
        }

        var alice = Assert.Single(await document.GetPresenceAsync());
        Assert.Equal(ManualClock.Start + (Lifetime / 3 * 10), alice.LastSeen);

        // The next list heard after the join is the leave: none of the renewals was broadcast.
        await document.LeaveAsync("alice-1");
        await observer.WhenPresenceCount(2).WithTimeout("the observer to hear alice-1 leave");
        Assert.Equal(2, observer.PresenceHeard.Count);
        Assert.Equal(["alice-1"], Sessions(observer.PresenceHeard[0]));
        Assert.Empty(observer.PresenceHeard[1]);
    }

    [Fact]
    public async Task GivenAnExpiredTab_WhenItFocusesAnAnnotation_ThenItIsToldToJoinAgainAndCanDoSo()
    {
        await using var host = await GrainHost.StartAsync();
        const string doc1 = "doc-1";
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.JoinAsync(Tab("alice-1", Alice));
        host.Clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        Assert.False(await document.FocusAsync("alice-1", "c1"));
        Assert.Empty(await document.GetPresenceAsync());

        await document.JoinAsync(Tab("alice-1", Alice, "c1"));
        Assert.Equal("c1", Assert.Single(await document.GetPresenceAsync()).AnnotationId);
    }

    [Fact]
    public async Task GivenPresenceActivity_ThenTheEventStoreIsNeverWrittenAndARestartForgetsIt()
    {
        await using var host = await GrainHost.StartAsync();
        const string doc1 = "doc-1";
        var document = await host.DocumentWithClaimAsync(doc1);
        var versionBefore = await host.StreamVersionAsync(doc1);
        var eventsBefore = (await host.StoredEventsAsync(doc1)).Count;

        await document.JoinAsync(Tab("alice-1", Alice));
        await document.JoinAsync(Tab("bob-1", Bob));
        await document.FocusAsync("bob-1", "c1");
        await document.LeaveAsync("alice-1");
        host.Clock.Advance(Lifetime * 2);
        await document.GetPresenceAsync();

        Assert.Equal(versionBefore, await host.StreamVersionAsync(doc1));
        Assert.Equal(eventsBefore, (await host.StoredEventsAsync(doc1)).Count);
        Assert.Equal(versionBefore, (await document.GetSnapshotAsync()).Version);
        Assert.Equal(versionBefore + 1, (await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Here."))).Version);

        await document.JoinAsync(Tab("carol-1", Carol));
        await host.RestartRuntimeAsync();
        Assert.Empty(await host.Document(doc1).GetPresenceAsync());
    }

    [Fact]
    public async Task GivenADocumentAtItsSessionLimit_WhenAnotherTabJoins_ThenTooLargeButPresentTabsStillRenew()
    {
        await using var host = await GrainHost.StartAsync(o => o.MaxPresenceSessions = 2);
        var document = await host.DocumentWithClaimAsync("doc-1");
        await document.JoinAsync(Tab("alice-1", Alice));
        await document.JoinAsync(Tab("bob-1", Bob));

        var rejected = await Assert.ThrowsAsync<DomainException>(() => document.JoinAsync(Tab("carol-1", Carol)));
        var renewed = await document.JoinAsync(Tab("bob-1", Bob, "c1"));

        Assert.Equal(DomainErrorKind.TooLarge, rejected.Error.Kind);
        Assert.Equal(["alice-1", "bob-1"], Sessions(renewed));
    }
}
