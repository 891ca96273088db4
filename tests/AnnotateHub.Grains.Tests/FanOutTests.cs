using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>
/// Live fan-out to many tabs: one shared change object, and commits never wait on any tab. The tabs are observers made
/// in the silo and the commands are called from it, as the web front end co-hosted with the silo does.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class FanOutTests(SharedCluster cluster)
{
    [Fact]
    public async Task Given200SubscribedTabsOneFrozen_WhenCommandsCommit_ThenEachReturnsAndThe199OthersHearTheSameChangeObject()
    {
        const int Tabs = 200;
        const int Commands = 20;
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        await host.DocumentWithClaimAsync(doc1);
        var inSilo = host.SiloGrains(host.Silos[0]);
        var document = inSilo.GetGrain<IDocumentGrain>(doc1);
        var frozen = new BlockedObserver();
        var live = Enumerable.Range(0, Tabs - 1).Select(_ => new RecordingObserver()).ToArray();
        try
        {
            await document.SubscribeAsync(inSilo, frozen);
            foreach (var observer in live)
            {
                await document.SubscribeAsync(inSilo, observer);
            }

            var returned = new List<DocumentChange>();
            for (var i = 0; i < Commands; i++)
            {
                returned.Add(await document.ReplyAsync(new AddReply(Bob, "c1", $"r{i}", $"Reply {i}."))
                    .WithTimeout($"reply {i} to commit while a tab is frozen"));
            }

            await frozen.Started.WithTimeout("the frozen tab to receive its first change");
            foreach (var (observer, n) in live.Select((o, n) => (o, n)))
            {
                await observer.WhenCount(Commands).WithTimeout($"live tab {n} to hear {Commands} changes");
            }

            Assert.Equal(Enumerable.Range(3, Commands).Select(v => (long)v), returned.Select(c => c.Version));
            Assert.Equal(2L + Commands, await host.StreamVersionAsync(doc1));
            Assert.Equal(1, frozen.Calls);
            Assert.All(live, observer =>
            {
                Assert.Equal(Commands, observer.Changes.Count);
                for (var i = 0; i < Commands; i++)
                {
                    Assert.Same(returned[i], observer.Changes[i]);
                }
            });
        }
        finally
        {
            frozen.Release();
        }
    }
}
