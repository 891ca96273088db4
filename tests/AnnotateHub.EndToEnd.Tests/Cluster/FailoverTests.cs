using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace AnnotateHub.EndToEnd.Tests.Cluster;

/// <summary>
/// A node dies (kill -9) while writers run through both nodes (issue 11): writes through the survivor succeed again
/// within 30 s, every acknowledged write is in the store, and the restarted node rejoins. Each node is killed in turn,
/// so the one that held the document was killed at least once, wherever Orleans placed it.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const string Maya = "maya@demo.annotatehub.test";
    private const string Budget = "riverton-budget-statement";
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GivenWritersOnBothNodes_WhenEitherNodeIsKilled_ThenTheSurvivorTakesWritesWithin30SecondsAndNothingAcknowledgedIsLost()
    {
        await using var cluster = await PostgresCluster.StartAsync(2);
        var token = await cluster.IssueTokenAsync(Maya);
        var acknowledged = new ConcurrentBag<string>();

        foreach (var victim in new[] { 0, 1 })
        {
            var survivor = 1 - victim;
            using var stop = new CancellationTokenSource();
            var lastSuccess = new ConcurrentDictionary<int, long>(); // node -> Stopwatch timestamp of its last acknowledged write
            // three writers through each node
            var writers = new[] { victim, survivor, victim, survivor, victim, survivor }
                .Select(node => WriteUntilStoppedAsync(cluster, node, token, acknowledged, lastSuccess, stop.Token)).ToArray();

            await WaitForAsync(() => lastSuccess.ContainsKey(victim) && lastSuccess.ContainsKey(survivor), "writes through both nodes");
            var killedAt = Stopwatch.GetTimestamp();
            await cluster.KillNodeAsync(victim);

            // the survivor stays ready for its load balancer throughout: its readiness never waits on the dead node
            using (var probe = new HttpClient { BaseAddress = cluster.Node(survivor).BaseAddress, Timeout = TimeSpan.FromSeconds(10) })
            using (var ready = await probe.GetAsync("health/ready"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            await WaitForAsync(() => lastSuccess.TryGetValue(survivor, out var at) && at > killedAt, // a write begun after the kill
                $"a write through node {survivor} after node {victim} was killed", Recovery);
            output.WriteLine($"node {victim} killed: writes through node {survivor} succeed again {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s after the kill");

            // and keep succeeding: twenty more through the survivor before the writers stop
            var recovered = acknowledged.Count;
            await WaitForAsync(() => acknowledged.Count >= recovered + 20, $"twenty more writes through node {survivor}");

            await stop.CancelAsync();
            await Task.WhenAll(writers);

            // the killed node comes back and rejoins
            await cluster.StartNodeAsync(victim);
            await WaitForAsync(async () => await cluster.ActiveSilosAsync() == 2, $"node {victim} to rejoin", TimeSpan.FromSeconds(60));
            using var rejoined = cluster.Api(victim, token);
            using var response = await rejoined.PostAsync($"api/v1/documents/{Budget}/annotations", ClusterTests.Comment($"after restart of node {victim}"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            acknowledged.Add(response.Headers.Location!.OriginalString.Split('/')[^1]);
        }

        var (versions, created) = await cluster.ReadStreamAsync(Budget);
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        var lost = acknowledged.Where(id => !created.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes are missing: {string.Join(", ", lost)}");
        Assert.Equal(created.Count, created.Distinct().Count());
        output.WriteLine($"{acknowledged.Count} acknowledged writes, all stored once; {versions.Count} events in the stream");
    }

    private static async Task WriteUntilStoppedAsync(
        PostgresCluster cluster, int node, string token, ConcurrentBag<string> acknowledged, ConcurrentDictionary<int, long> lastSuccess, CancellationToken stop)
    {
        using var http = cluster.Api(node, token);
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsync($"api/v1/documents/{Budget}/annotations", ClusterTests.Comment($"node {node} write {i++}"), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(response.Headers.Location!.OriginalString.Split('/')[^1]);
                    lastSuccess[node] = started;
                    continue;
                }
            }
            catch (HttpRequestException)
            {
                // the node is down: not acknowledged, so nothing is owed
            }
            catch (TaskCanceledException)
            {
                // the client's timeout: not acknowledged either
            }

            // a failed write (the node is down, or its document is moving): try again shortly, as a client would
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitForAsync(() => Task.FromResult(condition()), what, timeout);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"Waited {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
