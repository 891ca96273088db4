using System.Text;

namespace AnnotateHub.Storage.Tests.Contract;

/// <summary>
/// The hash chain every <see cref="IEventStore"/> writes (<see cref="EventChain"/>): each event linked to the one before,
/// and a change of one stored byte caught by verification. Each store says how to change a byte of its own storage.
/// </summary>
public abstract class EventChainContractTests : StoreContractTests<IEventStore>
{
    private static EventData Event(string type, string payload) => new(type, Encoding.UTF8.GetBytes(payload));

    /// <summary>
    /// Changes one byte of the stored payload of <paramref name="streamId"/> at <paramref name="version"/>, whose payload
    /// contains <paramref name="marker"/> (unique in the store), where the store keeps it, bypassing the store. The test
    /// reopens the store afterwards.
    /// </summary>
    protected abstract Task ChangeOneStoredByteAsync(string streamId, long version, string marker);

    [Fact]
    public async Task GivenAppendsOfOneAndSeveralEvents_WhenTheStreamIsVerified_ThenItIsIntactAndEachEventIsLinkedToTheOneBefore()
    {
        await Store.AppendAsync("doc-1", 0, [Event("DocumentCreated", "{\"n\":1}")]);
        await Store.AppendAsync("doc-1", 1, [Event("AnnotationCreated", "{\"n\":2}"), Event("VoteCast", "{\"n\":3}"), Event("VoteCast", "{\"n\":4}")]);
        await Store.AppendAsync("doc-2", 0, [Event("DocumentCreated", "{\"n\":1}")]);

        var events = await Store.ReadAsync("doc-1");
        var check = EventChain.Verify(events);

        Assert.True(check.IsIntact, check.Reason);
        Assert.Equal(4, check.HeadVersion);
        Assert.Equal(EventChain.Hash(EventChain.Genesis.Span, events[0]), events[0].Hash.ToArray());
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(EventChain.Hash(events[i - 1].Hash.Span, events[i]), events[i].Hash.ToArray());
        }

        // The same payload in another stream has another hash: the stream id and version are covered.
        var other = await Store.ReadAsync("doc-2");
        Assert.NotEqual(events[0].Hash.ToArray(), other[0].Hash.ToArray());
        Assert.True(EventChain.Verify(other).IsIntact);
    }

    [Fact]
    public async Task GivenAStoredEvent_WhenOneByteOfItChangesInTheStorage_ThenVerificationNamesThatVersion()
    {
        await Store.AppendAsync("doc-1", 0, [Event("DocumentCreated", "{\"title\":\"Budget\"}")]);
        await Store.AppendAsync("doc-1", 1, [Event("VoteCast", "{\"verdict\":\"mostly-false-tamper-marker\"}")]);
        await Store.AppendAsync("doc-1", 2, [Event("VoteCast", "{\"verdict\":\"true\"}")]);
        Assert.True(EventChain.Verify(await Store.ReadAsync("doc-1")).IsIntact);

        await ChangeOneStoredByteAsync("doc-1", 2, "mostly-false-tamper-marker");
        await ReopenAsync();

        var events = await Store.ReadAsync("doc-1");
        Assert.Contains("tamper-marker", Encoding.UTF8.GetString(events[1].Data.Span), StringComparison.Ordinal);
        Assert.DoesNotContain("mostly-false-tamper-marker", Encoding.UTF8.GetString(events[1].Data.Span), StringComparison.Ordinal);
        var check = EventChain.Verify(events);
        Assert.False(check.IsIntact, "a changed byte went unnoticed");
        Assert.Equal(2, check.BrokenAt);
    }

    [Fact]
    public async Task GivenAReopenedStore_WhenAppendingAgain_ThenTheChainContinuesFromTheStoredHead()
    {
        await Store.AppendAsync("doc-1", 0, [Event("A", "1"), Event("A", "2")]);
        await ReopenAsync();

        await Store.AppendAsync("doc-1", 2, [Event("B", "3")]);

        var check = EventChain.Verify(await Store.ReadAsync("doc-1"));
        Assert.True(check.IsIntact, check.Reason);
        Assert.Equal(3, check.HeadVersion);
    }
}
