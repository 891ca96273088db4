using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>One writer per document: commands from many callers at once are all applied, one at a time, without gaps.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ConcurrencyTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenDocument_When100TasksHighlightAtOnce_ThenAllAreAcceptedWithGapFreeVersions()
    {
        const int Callers = 100;
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = host.Document(doc1);
        await document.CreateAsync(Create(doc1));

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Callers)
            .Select(n => Task.Run(async () =>
            {
                await go.Task;
                return await host.Document(doc1).HighlightAsync(Note(n, n % 2 == 0 ? Alice : Bob));
            }))
            .ToArray();
        go.SetResult();
        var changes = await Task.WhenAll(calls).WithTimeout($"{Callers} concurrent highlights to return");

        var expected = Enumerable.Range(2, Callers).Select(v => (long)v).ToArray();
        Assert.Equal(expected, changes.Select(c => c.Version).Order());
        Assert.All(changes, c => Assert.Equal(c.Version, Assert.Single(c.Events).Sequence));

        var stored = await host.Store.ReadAsync(DocumentStreams.StreamId(doc1));
        Assert.Equal(Enumerable.Range(1, Callers + 1).Select(v => (long)v), stored.Select(e => e.Version));

        var state = await document.GetSnapshotAsync();
        Assert.Equal(Callers + 1, state.Version);
        Assert.Equal(
            Enumerable.Range(0, Callers).Select(n => $"n{n}").Order(StringComparer.Ordinal),
            state.Annotations.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(Json(await host.ReplayAsync(doc1)), Json(state));
    }
}
