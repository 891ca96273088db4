using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>Two silos over one SQLite file, shared by the tests of <see cref="MultiSiloTests"/> (each uses fresh ids).</summary>
public sealed class TwoSilos : IAsyncLifetime
{
    private GrainHost? _host;

    public GrainHost Host => _host ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _host = await GrainHost.StartAsync(silos: 2);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>
/// A document grain in a cluster of two silos: changes reach observers on the other silo, domain errors keep their
/// kind and code across silos, a write behind the grain's back fails cleanly and the next call reloads, and an observer
/// may call back into the grain while it is being told of a change.
/// </summary>
public sealed class MultiSiloTests(TwoSilos silos) : IClassFixture<TwoSilos>
{
    private GrainHost Host => silos.Host;

    /// <summary>The silo that hosts <paramref name="documentId"/>'s activation and the other one.</summary>
    private (InProcessSiloHandle Hosting, InProcessSiloHandle Other) SilosOf(string documentId)
    {
        var hosting = Host.SiloOf(Host.Document(documentId));
        return (hosting, Host.Silos.Single(s => !s.SiloAddress.Equals(hosting.SiloAddress)));
    }

    [Fact]
    public async Task GivenAnObserverSubscribedThroughTheOtherSilo_WhenAChangeIsCommittedThroughTheHostingSilo_ThenTheObserverHearsIt()
    {
        var doc1 = Fresh.Id("doc");
        await Host.DocumentWithClaimAsync(doc1);
        var (hosting, other) = SilosOf(doc1);
        var fromOther = Host.SiloGrains(other);
        var observer = new RecordingObserver();
        await fromOther.GetGrain<IDocumentGrain>(doc1).SubscribeAsync(fromOther, observer);

        var change = await Host.SiloGrains(hosting).GetGrain<IDocumentGrain>(doc1).ReplyAsync(new AddReply(Bob, "c1", "r1", "Committed on the hosting silo."));

        await observer.WhenCount(1).WithTimeout("the observer on the other silo to hear the reply");
        Assert.Equal(Wire(change), Wire(Assert.Single(observer.Changes)));
        Assert.Equal(3, change.Version);
        Assert.Equal(hosting.SiloAddress, Host.SiloOf(Host.Document(doc1)).SiloAddress);
    }

    [Fact]
    public async Task GivenAnObserverOnEachSilo_WhenChangesAreCommittedThroughEitherSilo_ThenBothHearEveryChange()
    {
        var doc1 = Fresh.Id("doc");
        await Host.DocumentWithClaimAsync(doc1);
        var observers = new List<RecordingObserver>();
        foreach (var silo in Host.Silos)
        {
            var observer = new RecordingObserver();
            var grains = Host.SiloGrains(silo);
            await grains.GetGrain<IDocumentGrain>(doc1).SubscribeAsync(grains, observer);
            observers.Add(observer);
        }

        var returned = new List<DocumentChange>();
        foreach (var (silo, n) in Host.Silos.Select((s, n) => (s, n)))
        {
            returned.Add(await Host.SiloGrains(silo).GetGrain<IDocumentGrain>(doc1).CastVoteAsync(Vote(n == 0 ? Alice : Bob, Verdict.False)));
        }

        foreach (var (observer, n) in observers.Select((o, n) => (o, n)))
        {
            await observer.WhenCount(returned.Count).WithTimeout($"the observer on silo {n} to hear both votes");
            Assert.Equal(Wire(returned), Wire(observer.Changes.OrderBy(c => c.Version)));
        }
    }

    [Fact]
    public async Task GivenADocument_WhenSubscribing_ThenTheAnswerIsTheGrainsVersion()
    {
        var doc1 = Fresh.Id("doc");
        var document = Host.Document(doc1);
        var observer = Host.Grains.CreateObjectReference<IDocumentObserver>(new RecordingObserver());

        Assert.Equal(0, await document.SubscribeAsync(observer));
        await document.CreateAsync(Create(doc1));
        await document.HighlightAsync(Claim());
        Assert.Equal(2, await document.SubscribeAsync(observer)); // a renewal answers the same way
        await document.CastVoteAsync(Vote(Alice, Verdict.True));
        var (_, other) = SilosOf(doc1);
        Assert.Equal(3, await Host.SiloGrains(other).GetGrain<IDocumentGrain>(doc1).SubscribeAsync(observer));
        Assert.Equal(3, await Host.StreamVersionAsync(doc1));
    }

    [Fact]
    public async Task GivenACommandRejectedOnTheHostingSilo_WhenCalledFromTheOtherSiloOrTheClient_ThenTheDomainExceptionKeepsItsKindCodeAndMessage()
    {
        var doc1 = Fresh.Id("doc");
        await Host.DocumentWithClaimAsync(doc1);
        var (_, other) = SilosOf(doc1);
        var expectedMessage = (await Assert.ThrowsAsync<DomainException>(() => Host.Document(doc1).HighlightAsync(Claim("c2", Vic)))).Message;

        foreach (var grains in new[] { Host.SiloGrains(other), Host.Grains })
        {
            var document = grains.GetGrain<IDocumentGrain>(doc1);
            var forbidden = await Assert.ThrowsAsync<DomainException>(() => document.HighlightAsync(Claim("c2", Vic)));
            Assert.Equal((DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden), (forbidden.Error.Kind, forbidden.Error.Code));
            Assert.Equal(expectedMessage, forbidden.Message);
            Assert.False(string.IsNullOrWhiteSpace(forbidden.Message));

            var stale = await Assert.ThrowsAsync<DomainException>(() => document.ExecuteAsync(new ReopenThread(Alice, "c1"), expectedVersion: 1));
            Assert.Equal((DomainErrorKind.Conflict, DocumentGrain.VersionMismatchCode), (stale.Error.Kind, stale.Error.Code));

            var missing = await Assert.ThrowsAsync<DomainException>(() => grains.GetGrain<IDocumentGrain>(Fresh.Id("doc")).ResolvePassageAsync(TargetSpec.ForQuote("3.5")));
            Assert.Equal((DomainErrorKind.NotFound, ErrorCodes.DocumentNotFound), (missing.Error.Kind, missing.Error.Code));
        }

        Assert.Equal(2, await Host.StreamVersionAsync(doc1));
    }

    [Fact]
    public async Task GivenAnAppendBehindTheGrainsBack_WhenTheGrainWrites_ThenInconsistentStateNothingIsWrittenAndTheNextCallReloads()
    {
        var doc1 = Fresh.Id("doc");
        var document = await Host.DocumentWithClaimAsync(doc1);
        var (_, other) = SilosOf(doc1);
        var fromOther = Host.SiloGrains(other).GetGrain<IDocumentGrain>(doc1);
        var stale = Host.ActivationOf(document);
        Assert.NotNull(stale);

        // Another writer (a second deployment, an operator's tool) appends version 3 straight to the store.
        var decided = DocumentDecider.Decide(await document.GetSnapshotAsync(), new AddReply(Carol, "c1", "r-behind", "Written behind the grain's back."), ManualClock.Start);
        Assert.False(decided.IsRejected);
        await Host.Store.AppendAsync(DocumentStreams.StreamId(doc1), 2, [.. decided.Events.Select(DocumentStreams.ToEventData)]);

        await Assert.ThrowsAsync<InconsistentStateException>(() => fromOther.ReplyAsync(new AddReply(Bob, "c1", "r-grain", "Written by the grain.")));

        var stored = await Host.StoredEventsAsync(doc1);
        Assert.Equal([1L, 2, 3], stored.Select(e => e.Sequence));
        Assert.Equal("r-behind", Assert.IsType<ReplyAdded>(stored[^1]).ReplyId);
        await stale.Deactivated.WithTimeout("the stale activation to deactivate");

        var retried = await fromOther.ReplyAsync(new AddReply(Bob, "c1", "r-grain", "Written by the grain."));

        Assert.Equal(4, retried.Version);
        var state = await document.GetSnapshotAsync();
        Assert.Equal(["r-behind", "r-grain"], state.FindAnnotation("c1")!.Replies.Select(r => r.Id));
        Assert.Equal(Json(await Host.ReplayAsync(doc1)), Json(state));
    }

    [Fact]
    public async Task GivenAnObserverThatCallsBackIntoTheGrainWhileHandlingAChange_WhenCommandsCommit_ThenNeitherWaitsForTheOther()
    {
        var doc1 = Fresh.Id("doc");
        var document = await Host.DocumentWithClaimAsync(doc1);
        var (_, other) = SilosOf(doc1);
        var fromOther = Host.SiloGrains(other);
        var readBack = new List<(long Version, string[] Events)>();
        var observer = new RecordingObserver(async change =>
        {
            // A node catching up from the grain while it is being told of a change: if the grain awaited this
            // notification, this call would wait for the grain and the grain for it, until the call timed out.
            var events = await fromOther.GetGrain<IDocumentGrain>(doc1).GetEventsSinceAsync(change.Version - change.Events.Count, change.Events.Count);
            lock (readBack)
            {
                readBack.Add((change.Version, [.. events.Select(e => $"{e.Sequence}:{e.EventType}")]));
            }
        });
        await fromOther.GetGrain<IDocumentGrain>(doc1).SubscribeAsync(fromOther, observer);

        var reply = await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Source?"))
            .WithTimeout("the reply to commit while its observer calls back into the grain", TimeSpan.FromSeconds(5));
        var vote = await document.CastVoteAsync(Vote(Alice, Verdict.False))
            .WithTimeout("the vote to commit while its observer calls back into the grain", TimeSpan.FromSeconds(5));
        await observer.WhenCount(2).WithTimeout("the observer's call-backs to complete for both changes", TimeSpan.FromSeconds(5));

        Assert.Equal(
            [(reply.Version, $"{reply.Version}:{ReplyAdded.TypeName}"), (vote.Version, $"{vote.Version}:{VoteCast.TypeName}")],
            readBack.OrderBy(r => r.Version).Select(r => (r.Version, string.Join(",", r.Events))));
    }
}

/// <summary>The loss of the silo that holds a document's activation: the document carries on on the other silo.</summary>
public sealed class SiloLossTests
{
    [Fact]
    public async Task GivenADocumentActiveOnOneOfTwoSilos_WhenThatSiloIsKilled_ThenTheNextCallReactivatesItOnTheOtherWithEveryCommittedChange()
    {
        await using var host = await GrainHost.StartAsync(silos: 2, fastFailureDetection: true);
        var document = await host.DocumentWithClaimAsync("doc-1");
        await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Source?"));
        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        var before = Json(await document.GetSnapshotAsync());
        var victim = host.SiloOf(document);
        var survivor = host.Silos.Single(s => !s.SiloAddress.Equals(victim.SiloAddress));
        var membership = survivor.ServiceProvider.GetRequiredService<IClusterMembershipService>();

        await host.Cluster.KillSiloAsync(victim);
        await DeclaredDeadAsync(membership, victim.SiloAddress).WithTimeout("the surviving silo to declare the killed silo dead");

        var after = await document.GetSnapshotAsync().WithTimeout("the document to answer after its silo died");
        Assert.Equal(before, Json(after));
        Assert.Equal(survivor.SiloAddress, host.SiloOf(document).SiloAddress);
        var agreed = await document.CastVoteAsync(Vote(Bob, Verdict.False));
        Assert.Equal(6, agreed.Version); // the vote and the claim's new status (consensus), after the 4 before the loss
        Assert.Equal(ClaimStatus.Consensus, Assert.IsType<ClaimStatusChanged>(agreed.Events[^1]).To);
        Assert.Equal(Json(await host.ReplayAsync("doc-1")), Json(await document.GetSnapshotAsync()));
    }

    private static async Task DeclaredDeadAsync(IClusterMembershipService membership, SiloAddress silo)
    {
        await foreach (var snapshot in membership.MembershipUpdates)
        {
            if (snapshot.GetSiloStatus(silo) == SiloStatus.Dead)
            {
                return;
            }
        }
    }
}
