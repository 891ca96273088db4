using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>Live updates: every subscriber hears every accepted change once, in order; one broken tab harms no other.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ObserverTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenSubscribedObserver_WhenCommandsRunOneAfterAnother_ThenItHearsEachChangeAsReturned()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var observer = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, observer);

        var returned = new List<DocumentChange>
        {
            await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Source?")),
            await document.AttachSourceAsync(UrlSource()),
            await document.CastVoteAsync(Vote(Alice, Verdict.True)),
            await document.CastVoteAsync(Vote(Bob, Verdict.True)),
        };
        await observer.WhenCount(returned.Count).WithTimeout("the observer to hear 4 changes");

        Assert.Equal(Wire(returned), Wire(observer.Changes.OrderBy(c => c.Version)));
        Assert.Equal([3L, 4, 5, 7], observer.Changes.Select(c => c.Version).Order());
        Assert.All(observer.Changes, c => Assert.Equal(doc1, c.DocumentId));
    }

    [Fact]
    public async Task GivenObserverThatReadsTheDocument_WhenItHearsOfAChange_ThenTheDocumentAlreadyShowsIt()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var readBack = new List<(long Heard, long Read)>();
        var observer = new RecordingObserver(async change =>
        {
            // A browser tab that refreshes its view when told: the grain must not be waiting on it (no deadlock).
            var state = await host.Document(doc1).GetSnapshotAsync();
            readBack.Add((change.Version, state.Version));
        });
        await document.SubscribeAsync(host.Grains, observer);

        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        await document.CastVoteAsync(Vote(Bob, Verdict.False));
        await observer.WhenCount(2).WithTimeout("the observer to read the document back after both votes");

        Assert.Equal([3L, 5], readBack.Select(r => r.Heard).Order());
        Assert.All(readBack, r => Assert.True(r.Read >= r.Heard, $"Heard of version {r.Heard} but read version {r.Read}."));
    }

    [Fact]
    /// <remarks>
    /// The grain sends the changes in version order, but Orleans does not promise that one-way calls arrive in the
    /// order they were sent (on this machine two of 50 swapped now and then). Subscribers therefore order by version
    /// and fill gaps from the event store (the web front end's DocumentSubscriptions does): what the grain owes them
    /// is every change exactly once, with gap-free versions, each the change the command returned.
    /// </remarks>
    public async Task GivenTwoObservers_When50CommandsRunConcurrently_ThenEachHearsEveryChangeExactlyOnce()
    {
        const int Commands = 50;
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = host.Document(doc1);
        await document.CreateAsync(Create(doc1));
        var first = new RecordingObserver();
        var second = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, first);
        await document.SubscribeAsync(host.Grains, second);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Commands)
            .Select(n => Task.Run(async () =>
            {
                await go.Task;
                return await document.HighlightAsync(Note(n));
            }))
            .ToArray();
        go.SetResult();
        var returned = await Task.WhenAll(calls).WithTimeout($"{Commands} concurrent highlights to return");
        await first.WhenCount(Commands).WithTimeout($"the first observer to hear {Commands} changes");
        await second.WhenCount(Commands).WithTimeout($"the second observer to hear {Commands} changes");

        var expected = Enumerable.Range(2, Commands).Select(v => (long)v).ToArray();
        Assert.Equal(expected, first.Changes.Select(c => c.Version).Order());
        Assert.Equal(expected, second.Changes.Select(c => c.Version).Order());
        Assert.Equal(Wire(returned.OrderBy(c => c.Version)), Wire(first.Changes.OrderBy(c => c.Version)));
        Assert.Equal(Wire(returned.OrderBy(c => c.Version)), Wire(second.Changes.OrderBy(c => c.Version)));
    }

    [Fact]
    public async Task GivenAThrowingObserver_WhenChangesHappen_ThenTheOtherObserversStillHearEveryChange()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var before = new RecordingObserver();
        var broken = new ThrowingObserver();
        var after = new RecordingObserver();
        await document.SubscribeAsync(host.Grains, before);
        await document.SubscribeAsync(host.Grains, broken);
        await document.SubscribeAsync(host.Grains, after);

        var returned = new List<DocumentChange>();
        for (var i = 0; i < 5; i++)
        {
            returned.Add(await document.ReplyAsync(new AddReply(Bob, "c1", $"r{i}", $"Reply {i}.")));
        }

        await before.WhenCount(5).WithTimeout("the observer subscribed before the broken one to hear 5 changes");
        await after.WhenCount(5).WithTimeout("the observer subscribed after the broken one to hear 5 changes");
        Assert.Equal(Wire(returned), Wire(before.Changes.OrderBy(c => c.Version)));
        Assert.Equal(Wire(returned), Wire(after.Changes.OrderBy(c => c.Version)));
        Assert.InRange(broken.Calls, 1, 5);
    }

    [Fact]
    public async Task GivenUnsubscribedObserver_WhenChangeHappens_ThenOnlyTheStillSubscribedObserverHearsIt()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        var leaving = new RecordingObserver();
        var staying = new RecordingObserver();
        var leavingReference = await document.SubscribeAsync(host.Grains, leaving);
        await document.SubscribeAsync(host.Grains, staying);
        var firstReply = await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "First."));
        await leaving.WhenCount(1).WithTimeout("the leaving observer to hear the first reply");

        await document.UnsubscribeAsync(leavingReference);
        var secondReply = await document.ReplyAsync(new AddReply(Bob, "c1", "r2", "Second."));

        // The staying observer hearing the second reply is the barrier: the grain notified after it had unsubscribed the other.
        await staying.WhenCount(2).WithTimeout("the staying observer to hear both replies");
        Assert.Equal(Wire([firstReply, secondReply]), Wire(staying.Changes.OrderBy(c => c.Version)));
        Assert.Equal(Wire([firstReply]), Wire(leaving.Changes.OrderBy(c => c.Version)));
    }
}
