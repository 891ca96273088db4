using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using Orleans.Storage;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>
/// Two nodes sharing one store each activate the same document: two clusters over one database, as when a silo that
/// was declared dead keeps running for a moment beside the activation that replaced it. The store's
/// expected-version check makes the stale one fail with <see cref="InconsistentStateException"/>, write nothing and
/// reload on its next call.
/// </summary>
public sealed class VersionConflictTests
{
    [Fact]
    public async Task GivenTwoNodesWithTheDocumentActive_WhenBothWrite_ThenTheStaleOneFailsAndWritesNothing()
    {
        await using var host = await GrainHost.StartAsync();
        var nodeB = await host.StartNodeAsync();
        var onA = await host.DocumentWithClaimAsync("doc-1");
        var onB = nodeB.GetGrain<IDocumentGrain>("doc-1");
        Assert.Equal(2, (await onB.GetSnapshotAsync()).Version);
        await onA.ReplyAsync(new AddReply(Alice, "c1", "r-a", "Written on node A."));

        await Assert.ThrowsAsync<InconsistentStateException>(() => onB.ReplyAsync(new AddReply(Bob, "c1", "r-b", "Written on node B.")));

        Assert.Equal(3, await host.StreamVersionAsync("doc-1"));
        var stored = await host.StoredEventsAsync("doc-1");
        Assert.Equal([1L, 2, 3], stored.Select(e => e.Sequence));
        Assert.Equal("r-a", Assert.IsType<ReplyAdded>(stored[^1]).ReplyId);
        Assert.DoesNotContain(stored.OfType<ReplyAdded>(), r => r.ReplyId == "r-b");
    }

    [Fact]
    public async Task GivenTheStaleNodeFailed_WhenItIsCalledAgain_ThenItRunsOnReloadedState()
    {
        await using var host = await GrainHost.StartAsync();
        var nodeB = await host.StartNodeAsync();
        var onA = await host.DocumentWithClaimAsync("doc-1");
        var onB = nodeB.GetGrain<IDocumentGrain>("doc-1");
        await onB.GetSnapshotAsync();
        var staleActivation = host.ActivationOn(nodeB, onB);
        Assert.NotNull(staleActivation);
        await onA.ReplyAsync(new AddReply(Alice, "c1", "r-a", "Written on node A."));
        await Assert.ThrowsAsync<InconsistentStateException>(() => onB.ReplyAsync(new AddReply(Bob, "c1", "r-b", "Written on node B.")));

        var retried = await onB.ReplyAsync(new AddReply(Bob, "c1", "r-b", "Written on node B."));

        Assert.Equal(4, retried.Version);
        var onBState = await onB.GetSnapshotAsync();
        Assert.Equal(["r-a", "r-b"], onBState.FindAnnotation("c1")!.Replies.Select(r => r.Id));
        Assert.Equal(Json(await host.ReplayAsync("doc-1")), Json(onBState));
        // The failed call dropped the stale activation; the retry ran on a new one that loaded the store.
        await staleActivation.Deactivated.WithTimeout("the stale activation on node B to deactivate");
        Assert.NotEqual(staleActivation.ActivationId, host.ActivationOn(nodeB, onB)?.ActivationId);

        // Now node A is the stale one, and recovers the same way.
        await Assert.ThrowsAsync<InconsistentStateException>(() => onA.CastVoteAsync(Vote(Alice, Verdict.True)));
        Assert.Equal(5, (await onA.CastVoteAsync(Vote(Alice, Verdict.True))).Version);
        Assert.Equal(5, await host.StreamVersionAsync("doc-1"));
    }
}
