using System.Collections.Concurrent;
using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>A change is durable before anyone hears of it: before observers are notified and before the call returns.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class DurabilityTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenSubscribedObserver_WhenItHearsOfAChange_ThenTheStoreAlreadyHasTheChangesEvents()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var streamId = DocumentStreams.StreamId(doc1);
        var seen = new ConcurrentQueue<(long ChangeVersion, long StoreVersion, IReadOnlyList<string> StoredTypes)>();
        var observer = new RecordingObserver(async change =>
        {
            var storeVersion = await host.Store.GetVersionAsync(streamId);
            var stored = await host.Store.ReadAsync(streamId, change.Version - change.Events.Count, change.Version);
            seen.Enqueue((change.Version, storeVersion, [.. stored.Select(e => e.Type)]));
        });
        await document.SubscribeAsync(host.Grains, observer);

        var changes = new[]
        {
            await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Source?")),
            await document.CastVoteAsync(Vote(Alice, Verdict.False)),
            await document.CastVoteAsync(Vote(Bob, Verdict.False)),
        };
        await observer.WhenCount(changes.Length).WithTimeout("the observer to hear the reply and both votes");

        // Orleans may deliver one-way calls out of order; subscribers order changes by version.
        var heard = seen.OrderBy(s => s.ChangeVersion).ToArray();
        Assert.Equal(changes.Select(c => c.Version), heard.Select(s => s.ChangeVersion));
        Assert.All(seen, s => Assert.True(s.StoreVersion >= s.ChangeVersion, $"The observer heard of version {s.ChangeVersion} while the store was at {s.StoreVersion}."));
        Assert.Equal(
            changes.Select(c => c.Events.Select(e => e.EventType).ToList()),
            heard.Select(s => s.StoredTypes.ToList()));
    }

    [Fact]
    public async Task GivenAppendCommittedButNotYetReturned_WhenObserverIsSubscribed_ThenItHearsNothingUntilTheAppendReturns()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var entered = 0;
        var observer = new RecordingObserver(change =>
        {
            Interlocked.Increment(ref entered);
            return Task.CompletedTask;
        });
        await document.SubscribeAsync(host.Grains, observer);
        var hold = host.GrainStore.HoldNextAppend(DocumentStreams.StreamId(doc1));

        var vote = document.CastVoteAsync(Vote(Alice, Verdict.False));
        try
        {
            Assert.Equal(3, await hold.Committed.WithTimeout("the store to commit the vote"));

            Assert.False(vote.IsCompleted, "The call returned before its append did.");
            Assert.Equal(0, Volatile.Read(ref entered));
        }
        finally
        {
            hold.Release();
        }

        var change = await vote.WithTimeout("the vote to return once its append returned");
        await observer.WhenCount(1).WithTimeout("the observer to hear the vote");
        Assert.Equal(Wire([change]), Wire(observer.Changes));
    }

    [Fact]
    public async Task GivenCommandReturned_WhenAFreshStoreOpensTheFileAsItIsOnDisk_ThenItHasTheEvents()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = host.Document(doc1);
        await document.CreateAsync(Create(doc1));

        var change = await document.HighlightAsync(Claim());

        // The copy is taken the instant the call returned, with this process's store still open: nothing else can flush it.
        await using var fresh = await host.OpenDiskImageAsync();
        var stored = await fresh.ReadAsync(DocumentStreams.StreamId(doc1));
        Assert.Equal([1L, 2], stored.Select(e => e.Version));
        var created = Assert.IsType<AnnotationCreated>(DocumentStreams.FromStored(stored[^1]));
        Assert.Equal(DomainJson.SerializeEvent(Assert.Single(change.Events)), DomainJson.SerializeEvent(created));
        Assert.Equal(2, await fresh.GetVersionAsync(DocumentStreams.StreamId(doc1)));
    }

}

/// <summary>A change is durable across a restart of the cluster and the store.</summary>
public sealed class DurabilityRestartTests
{
    [Fact]
    public async Task GivenDocument_WhenRuntimeAndStoreRestart_ThenEveryAcceptedChangeIsStillThere()
    {
        await using var host = await GrainHost.StartAsync();
        var document = await host.DocumentWithClaimAsync("doc-1");
        await document.AttachSourceAsync(UrlSource());
        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        await document.CastVoteAsync(Vote(Bob, Verdict.MostlyTrue));
        await document.ResolveAsync(new ResolveClaim(Mona, "c1", Verdict.False, "Ruled."));
        var before = Json(await document.GetSnapshotAsync());

        await host.RestartAsync();

        var after = await host.Document("doc-1").GetSnapshotAsync();
        Assert.Equal(before, Json(after));
        Assert.Equal(ClaimStatus.Resolved, after.FindAnnotation("c1")?.Status);
        var next = await host.Document("doc-1").ReopenAsync(new ReopenClaim(Mona, "c1", "New data came out."));
        Assert.Equal(after.Version + 1, next.Version);
    }
}
