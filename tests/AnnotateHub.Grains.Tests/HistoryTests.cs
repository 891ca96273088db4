using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>The document's past: its state at any version, and the change feed after a version.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class HistoryTests(SharedCluster cluster)
{
    [Theory]
    [InlineData(256)] // no snapshot: rebuilt from the first event
    [InlineData(2)] // snapshots at 2, 4 and 6: rebuilt from the newest one at or before the version asked, plus events
    public async Task GivenVotes_WhenStatesBeforeTheVotesAreAsked_ThenTheyAreTheHistoricStates(int snapshotEvery)
    {
        await using var host = await GrainHost.StartAsync(o => o.SnapshotEvery = snapshotEvery);
        var document = await host.DocumentWithClaimAsync("doc-1");
        await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Source?"));
        var firstVote = await document.CastVoteAsync(Vote(Alice, Verdict.False));
        await document.CastVoteAsync(Vote(Bob, Verdict.False));
        var current = Json(await document.GetSnapshotAsync());

        var beforeVotes = await document.GetSnapshotAsync(3);
        var historic = await document.GetSnapshotAsync(firstVote.Version);

        var stored = await host.StoredEventsAsync("doc-1");
        Assert.Equal(3, beforeVotes.Version);
        Assert.Empty(beforeVotes.FindAnnotation("c1")!.Votes);
        Assert.Single(beforeVotes.FindAnnotation("c1")!.Replies);
        Assert.Equal(Json(DocumentDecider.Fold(stored.Take(3))), Json(beforeVotes));

        Assert.Equal(4, historic.Version);
        var claim = Assert.Single(historic.Annotations);
        Assert.Equal(ClaimStatus.Open, claim.Status);
        Assert.Equal("alice", Assert.Single(claim.Votes).UserId);
        Assert.Equal(Json(DocumentDecider.Fold(stored.Take(4))), Json(historic));
        Assert.Equal(current, Json(await document.GetSnapshotAsync()));
        Assert.Equal(ClaimStatus.Consensus, (await document.GetSnapshotAsync()).FindAnnotation("c1")?.Status);
    }

    [Fact]
    public async Task GivenDocument_WhenVersionZeroOrAFutureVersionIsAsked_ThenItIsTheEmptyOrTheCurrentState()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        Assert.False((await document.GetSnapshotAsync(0)).Exists);
        Assert.Equal(2, (await document.GetSnapshotAsync(99)).Version);
    }

    [Fact]
    public async Task GivenEvents_WhenEventsSinceAVersionAreAsked_ThenExactlyTheLaterEventsAreReturnedInOrder()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var later = new List<DocumentChange>
        {
            await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Source?")),
            await document.CastVoteAsync(Vote(Alice, Verdict.False)),
            await document.CastVoteAsync(Vote(Bob, Verdict.False)),
        };

        var events = await document.GetEventsSinceAsync(2);

        Assert.Equal(later.SelectMany(c => c.Events), events);
        Assert.Equal([3L, 4, 5, 6], events.Select(e => e.Sequence));
        Assert.Equal([ReplyAdded.TypeName, VoteCast.TypeName, VoteCast.TypeName, ClaimStatusChanged.TypeName], events.Select(e => e.EventType));
    }

    [Fact]
    public async Task GivenEvents_WhenEventsSinceAreAskedWithALimitOrFromTheEnd_ThenTheLimitHoldsAndTheEndIsEmpty()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Source?"));

        Assert.Equal([1L, 2], (await document.GetEventsSinceAsync(0, maxCount: 2)).Select(e => e.Sequence));
        Assert.Equal([3L], (await document.GetEventsSinceAsync(2, maxCount: 2)).Select(e => e.Sequence));
        Assert.Empty(await document.GetEventsSinceAsync(3));
        Assert.Empty(await document.GetEventsSinceAsync(10));
    }
}
