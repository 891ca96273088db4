using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>Resolving and reopening an annotation's discussion thread through the document grain.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ThreadTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenDiscussedClaim_WhenItsAuthorResolvesTheThread_ThenTheResolutionIsDurableAndObserversHearIt()
    {
        await using var host = await GrainHost.StartAsync();
        var document = await host.DocumentWithClaimAsync("doc-1");
        await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "BLS table A-1 confirms it."));
        var observer = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, observer);

        var resolved = await document.ResolveThreadAsync(new ResolveThread(Alice, "c1"));
        await observer.WhenCount(1).WithTimeout("the observer to hear the thread resolution");

        var e = Assert.IsType<ThreadResolved>(Assert.Single(resolved.Events));
        Assert.Equal(("c1", "alice", 4L), (e.AnnotationId, e.ActorId, resolved.Version));
        Assert.Equal(Wire(resolved), Wire(Assert.Single(observer.Changes)));
        Assert.IsType<ThreadResolved>((await host.StoredEventsAsync("doc-1"))[^1]);

        await host.RestartAsync();
        var claim = (await host.Document("doc-1").GetSnapshotAsync()).FindAnnotation("c1")!;
        Assert.True(claim.ThreadResolved);
        Assert.Equal(("alice", ManualClock.Start), (claim.ThreadResolvedBy, claim.ThreadResolvedAt));
        Assert.Equal(ClaimStatus.Open, claim.Status);
    }

    [Fact]
    public async Task GivenResolvedThread_WhenAModeratorReopensItThroughExecuteAtTheCurrentVersion_ThenItIsOpen()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var resolved = await document.ExecuteAsync(new ResolveThread(Alice, "c1"), expectedVersion: 2);

        var reopened = await document.ExecuteAsync(new ReopenThread(Mona, "c1"), expectedVersion: resolved.Version);

        Assert.IsType<ThreadReopened>(Assert.Single(reopened.Events));
        Assert.Equal(4, reopened.Version);
        Assert.False((await document.GetSnapshotAsync()).FindAnnotation("c1")!.ThreadResolved);
    }

    [Fact]
    public async Task GivenResolvedThread_WhenReopenedWithAStaleExpectedVersion_ThenConflictAndItStaysResolved()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.ResolveThreadAsync(new ResolveThread(Alice, "c1"));

        var rejected = await Assert.ThrowsAsync<DomainException>(() => document.ExecuteAsync(new ReopenThread(Alice, "c1"), expectedVersion: 2));

        Assert.Equal(DocumentGrain.VersionMismatchCode, rejected.Error.Code);
        Assert.True((await document.GetSnapshotAsync()).FindAnnotation("c1")!.ThreadResolved);
    }

    [Fact]
    public async Task GivenResolvedThread_WhenResolvedAgainAndAReplyArrives_ThenNothingIsWrittenForTheRetryAndTheThreadStaysResolved()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.ResolveThreadAsync(new ResolveThread(Alice, "c1"));

        var again = await document.ResolveThreadAsync(new ResolveThread(Mona, "c1"));
        var reply = await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Thanks!"));

        Assert.Empty(again.Events);
        Assert.Equal(3, again.Version);
        Assert.Equal(4, reply.Version);
        Assert.Equal(4, await host.StreamVersionAsync(doc1));
        var claim = (await document.GetSnapshotAsync()).FindAnnotation("c1")!;
        Assert.True(claim.ThreadResolved);
        Assert.Equal("alice", claim.ThreadResolvedBy);
    }

    [Fact]
    public async Task GivenOpenThread_WhenReopened_ThenAChangeWithNoEventsAndNothingIsWritten()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        var reopened = await document.ReopenThreadAsync(new ReopenThread(Alice, "c1"));

        Assert.Empty(reopened.Events);
        Assert.Equal(2, await host.StreamVersionAsync(doc1));
    }
}
