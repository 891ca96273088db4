using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// Issue 11 with real node processes (<see cref="NodeCluster"/>): how long writes stop when the node holding a document
/// is killed, and annotations per second through the API with two nodes against one.
/// </summary>
public static class ClusterBenchmarks
{
    private const string Maya = "maya@demo.annotatehub.test";
    private const string Budget = "riverton-budget-statement";
    private const string WorkspaceId = "demo";
    private const int FailoverWriters = 4;
    private const int RetryMs = 50;
    private const int ThroughputWriters = 64;
    private const int ThroughputDocuments = 32;

    /// <summary>
    /// failover-seconds: two nodes; the one whose silo holds the demo document (asked of the grain directory) is killed
    /// (SIGKILL) while four writers post comments to that document through the other node, each retrying 50 ms after a
    /// failed write; seconds from the kill until the first write sent after it succeeds. The killed node is restarted
    /// (it rejoins) before the next kill, so the document alternates between the nodes. Median and max over the kills.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunFailoverAsync(BenchmarkRun run)
    {
        var server = await PostgresBenchmarks.ServerOrSkipAsync(run, "failover-seconds");
        if (server is null)
        {
            return [];
        }

        var kills = run.Pick(3, 1);
        var freezes = run.Pick(1, 0); // and then, in a full run, a node that hangs rather than dies
        await using var cluster = await NodeCluster.StartAsync(server, "failover", 2);
        var token = await cluster.IssueTokenAsync(Maya);
        var results = new List<Failover>();
        var frozen = new List<Failover>();
        for (var k = 0; k < kills + freezes; k++)
        {
            var freeze = k >= kills;
            await cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(90));
            using (var http = cluster.Api(0, token))
            {
                using var first = await http.PostAsync($"api/v1/documents/{Budget}/annotations", Comment($"before kill {k}"));
                if (first.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"a write before kill {k} failed: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
                }
            }

            var victim = await cluster.HolderOfAsync(Budget) ?? throw new InvalidOperationException("the document is active on no node");
            var result = await KillHolderAsync(cluster, victim, token, k, freeze);
            (freeze ? frozen : results).Add(result);
            run.Log($"failover: {(freeze ? "freeze" : "kill")} {k + 1}/{kills + freezes}: node {victim} {(freeze ? "frozen (SIGSTOP)" : "killed")}, writes through node {1 - victim} back after {result.Seconds:0.00} s "
                + $"(declared dead after {result.DeclaredDeadSeconds:0.00} s; {result.Failed} failed writes: {result.Failures})");
            await cluster.StartNodeAsync(victim);
        }

        var seconds = results.Select(r => r.Seconds).ToList();
        var dead = results.Select(r => r.DeclaredDeadSeconds).ToList();
        var value = Stats.Percentile(seconds, 50);
        return
        [
            new Figure("failover-seconds", value, "s", null,
                $"{Goal.AtMost(seconds.Max(), 15, "max")}; kill -9 of the node holding the document until the first write sent after it succeeds through the other node; "
                + $"median of {seconds.Count} kills, max {seconds.Max():0.00} s (each: {string.Join(", ", seconds.Select(s => s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}); "
                + $"the membership table marked the killed silo dead after {Stats.Percentile(dead, 50):0.00} s (median); {NodeCluster.ProbeSettings}; "
                + $"{FailoverWriters} API writers through the survivor, retry {RetryMs} ms after a failure; failures seen: {string.Join("; ", results.Select(r => r.Failures))}; "
                + (frozen.Count == 0 ? "" : $"a frozen node instead (SIGSTOP: its sockets stay open, so probes time out, as when a machine hangs or drops off the network): "
                    + $"writes back after {string.Join(", ", frozen.Select(f => f.Seconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s, declared dead after {string.Join(", ", frozen.Select(f => f.DeclaredDeadSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s "
                    + $"(failures: {string.Join("; ", frozen.Select(f => f.Failures))}); ")
                + $"2 real node processes (dotnet AnnotateHub.Web.dll), Storage and Cluster on PostgreSQL; {server.Description}"),
        ];
    }

    /// <summary>
    /// cluster-throughput: 64 API writers (POST annotations, each one after another) over 32 documents, against a cluster of
    /// 1 node and then of 2 nodes (the writers split evenly between the nodes; each cluster on a fresh database of the same
    /// server); annotations/s over a fixed window after a warm-up. The note says where the CPU went during the window.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunThroughputAsync(BenchmarkRun run)
    {
        var server = await PostgresBenchmarks.ServerOrSkipAsync(run, "cluster-throughput");
        if (server is null)
        {
            return [];
        }

        var warmUp = TimeSpan.FromSeconds(run.Pick(5, 3));
        var window = TimeSpan.FromSeconds(run.Pick(20, 8));
        var order = run.Pick(new[] { 1, 2, 2, 1 }, [1, 2]);
        var measured = new List<Throughput>();
        foreach (var nodes in order)
        {
            var result = await MeasureThroughputAsync(run, server, nodes, warmUp, window);
            measured.Add(result);
            run.Log($"cluster-throughput: {nodes} node(s): {result.Rate:0} annotations/s; {result.Cpu}");
        }

        var one = measured.Where(m => m.Nodes == 1).ToList();
        var two = measured.Where(m => m.Nodes == 2).ToList();
        var value = two.Average(m => m.Rate);
        var baseline = one.Average(m => m.Rate);
        var last2 = two[^1];
        var last1 = one[^1];
        return
        [
            new Figure("cluster-throughput", value, "annotations/s", baseline,
                $"reported (no goal); 2 nodes vs 1 node on the same PostgreSQL server; {ThroughputWriters} API writers (POST annotations, one after another each) over {ThroughputDocuments} documents, "
                + $"{window.TotalSeconds:0} s windows after {warmUp.TotalSeconds:0} s warm-up, runs in the order {string.Join(",", order)} (each a fresh cluster and database), mean of "
                + $"{string.Join(" and ", two.Select(m => m.Rate.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} vs {string.Join(" and ", one.Select(m => m.Rate.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}; "
                + $"2 nodes: {last2.Placement}, latency p50 {last2.P50:0} ms, p99 {last2.P99:0} ms, {last2.Cpu}; "
                + $"1 node: latency p50 {last1.P50:0} ms, p99 {last1.P99:0} ms, {last1.Cpu}; "
                + $"bottleneck: {Bottleneck(last2, last1)}; {server.Description}"),
        ];
    }

    private static async Task<Failover> KillHolderAsync(NodeCluster cluster, int victim, string token, int round, bool freeze)
    {
        var survivor = 1 - victim;
        var victimGateway = cluster.Node(victim).GatewayPort;
        using var stop = new CancellationTokenSource();
        var killedAt = 0L;
        var successes = 0;
        var failed = 0;
        var failures = new ConcurrentDictionary<string, int>();
        var recovered = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, FailoverWriters).Select(w => Task.Run(async () =>
        {
            using var http = cluster.Api(survivor, token, TimeSpan.FromSeconds(60));
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var sentAt = Stopwatch.GetTimestamp();
                string? failure = null;
                try
                {
                    using var response = await http.PostAsync($"api/v1/documents/{Budget}/annotations", Comment($"kill {round} writer {w} write {i}"), CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        failure = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException)
                {
                    failure = "connection";
                }
                catch (TaskCanceledException)
                {
                    failure = "timeout";
                }

                var kill = Volatile.Read(ref killedAt);
                if (failure is null)
                {
                    Interlocked.Increment(ref successes);
                    if (kill != 0 && sentAt > kill)
                    {
                        recovered.TrySetResult(Stopwatch.GetElapsedTime(kill).TotalSeconds);
                    }

                    continue;
                }

                if (kill != 0)
                {
                    Interlocked.Increment(ref failed);
                    failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
                }

                await Task.Delay(RetryMs, CancellationToken.None);
            }
        })).ToArray();

        await PostgresBenchmarks.WaitForAsync(() => Task.FromResult(Volatile.Read(ref successes) >= FailoverWriters * 3), "writes through the survivor before the kill", TimeSpan.FromSeconds(60));
        var killed = freeze ? cluster.Freeze(victim) : cluster.Kill(victim);
        Volatile.Write(ref killedAt, killed);
        if (!freeze)
        {
            await cluster.ForgetNodeAsync(victim);
        }
        var declaredDead = Task.Run(async () =>
        {
            while (true)
            {
                if ((await cluster.MembershipAsync()).TryGetValue(victimGateway, out var status) && status == 6)
                {
                    return Stopwatch.GetElapsedTime(killed).TotalSeconds;
                }

                await Task.Delay(100);
            }
        });

        try
        {
            var seconds = await recovered.Task.WaitAsync(TimeSpan.FromSeconds(120));
            var dead = await declaredDead.WaitAsync(TimeSpan.FromSeconds(120));
            if (await cluster.HolderOfAsync(Budget) != survivor)
            {
                throw new InvalidOperationException($"after the kill of node {victim}, the document is not on node {survivor}");
            }

            var text = failures.IsEmpty ? "none" : string.Join(", ", failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} x{f.Value}"));
            return new Failover(seconds, dead, failed, text);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            if (freeze)
            {
                cluster.Kill(victim);
                await cluster.ForgetNodeAsync(victim);
            }
        }
    }

    private static async Task<Throughput> MeasureThroughputAsync(BenchmarkRun run, PostgresServer server, int nodes, TimeSpan warmUp, TimeSpan window)
    {
        await using var cluster = await NodeCluster.StartAsync(server, $"throughput{nodes}", nodes);
        var token = await cluster.IssueTokenAsync(Maya);
        var clients = Enumerable.Range(0, nodes).Select(n => cluster.Api(n, token)).ToArray();
        try
        {
            // The documents, created through the nodes in turn (each grain is placed when first called).
            var documents = new List<(string Id, int Length)>();
            for (var d = 0; d < ThroughputDocuments; d++)
            {
                using var created = await clients[d % nodes].PostAsJsonAsync($"api/v1/workspaces/{WorkspaceId}/documents",
                    new { title = $"Throughput {d}", content = Workload.Article(1500, seed: 100 + d), format = "text" });
                var body = await created.Content.ReadAsStringAsync();
                if (created.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"create document {d}: {(int)created.StatusCode} {body}");
                }

                using var json = JsonDocument.Parse(body);
                documents.Add((json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("text").GetString()!.Length));
            }

            var perNode = new int[nodes];
            foreach (var (id, _) in documents)
            {
                if (await cluster.HolderOfAsync(id) is { } holder)
                {
                    perNode[holder]++;
                }
            }

            var pids = Enumerable.Range(0, nodes).Select(cluster.ProcessIdOf).ToArray();
            var postmaster = await server.PostmasterProcessIdAsync();
            var measuring = 0; // 0 warm-up, 1 window, 2 done
            var counted = 0;
            var errors = new ConcurrentDictionary<string, int>();
            var latencies = new ConcurrentBag<double>();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, ThroughputWriters).Select(w => Task.Run(async () =>
            {
                var http = clients[w % nodes];
                var (documentId, length) = documents[w % documents.Count];
                var random = new Random(w);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var start = random.Next(Math.Max(1, length - 80));
                    var started = Stopwatch.GetTimestamp();
                    var phase = Volatile.Read(ref measuring);
                    try
                    {
                        using var response = await http.PostAsJsonAsync($"api/v1/documents/{documentId}/annotations",
                            new { kind = "comment", target = new { start, end = start + 20 + random.Next(50) }, body = $"Writer {w}, note {i}: check this figure against the release." },
                            CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            if (phase == 1 && Volatile.Read(ref measuring) == 1)
                            {
                                Interlocked.Increment(ref counted);
                                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            }
                        }
                        else
                        {
                            errors.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        errors.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
                    }
                }
            })).ToArray();

            await Task.Delay(warmUp);
            var databaseBefore = await cluster.DatabaseCountersAsync();
            var cpuBefore = Sample(pids, postmaster);
            var began = Stopwatch.GetTimestamp();
            Volatile.Write(ref measuring, 1);
            await Task.Delay(window);
            Volatile.Write(ref measuring, 2);
            var elapsed = Stopwatch.GetElapsedTime(began).TotalSeconds;
            var cpuAfter = Sample(pids, postmaster);
            var databaseAfter = await cluster.DatabaseCountersAsync();
            var rate = counted / elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            if (!errors.IsEmpty)
            {
                run.Log($"cluster-throughput: {nodes} node(s): failed writes: {string.Join(", ", errors.Select(e => $"{e.Key} x{e.Value}"))}");
            }

            var cores = cpuAfter.Minus(cpuBefore, elapsed);
            return new Throughput(
                nodes,
                rate,
                Stats.Percentile([.. latencies], 50),
                Stats.Percentile([.. latencies], 99),
                $"documents per node {string.Join("/", perNode)}",
                cores,
                errors.Values.Sum(),
                (databaseAfter.Transactions - databaseBefore.Transactions) / (double)Math.Max(1, counted),
                (databaseAfter.RowsRead - databaseBefore.RowsRead) / (double)Math.Max(1, counted));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static CpuSample Sample(int?[] nodes, int? postmaster)
    {
        var (busy, total) = CpuMeter.MachineSeconds();
        return new CpuSample(
            nodes.Select(pid => pid is { } p ? CpuMeter.ProcessSeconds(p) : 0).ToArray(),
            postmaster is { } pm ? CpuMeter.ServerSeconds(pm) : 0,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            busy,
            total);
    }

    /// <summary>
    /// Where the time went: when the machine's cores were all busy, CPU, with what each annotation cost (nodes, PostgreSQL
    /// and clients) with 2 nodes and with 1, and the rate that cost allows on these cores alone; otherwise, waiting.
    /// </summary>
    private static string Bottleneck(Throughput two, Throughput one)
    {
        var machine = Environment.ProcessorCount;
        static double CpuMs(Throughput t) => (t.Cores.Nodes.Sum() + t.Cores.Postgres + t.Cores.Benchmark) * 1000 / t.Rate;
        var cost = $"each annotation cost {CpuMs(two):0.0} ms of CPU in all with 2 nodes, {CpuMs(one):0.0} ms with 1";
        return two.Cores.MachineBusy >= 0.9 * machine
            ? $"CPU: the machine's {machine} cores were {two.Cores.MachineBusy / machine:0%} busy ({two.Cores.Others:0.00} cores of it other processes on this shared machine), "
              + $"and the nodes, PostgreSQL and the clients share them, so a second node on the same machine adds no CPU, only a share of it; "
              + $"{cost}, so these {machine} cores alone would carry about {machine * 1000 / CpuMs(two):0}/s with 2 nodes and {machine * 1000 / CpuMs(one):0}/s with 1"
            : $"not CPU (the {machine} cores were {two.Cores.MachineBusy / machine:0%} busy): the writers wait on round trips (HTTP, the grain's one-at-a-time commits, PostgreSQL); {cost}";
    }

    private static StringContent Comment(string body) => new(
        $$"""{"kind":"comment","target":{"exact":"Opposition members disputed the figures"},"body":"{{body}}"}""", Encoding.UTF8, "application/json");

    private sealed record Failover(double Seconds, double DeclaredDeadSeconds, int Failed, string Failures);

    private sealed record Throughput(
        int Nodes, double Rate, double P50, double P99, string Placement, Cores Cores, int Errors, double TransactionsPerAnnotation, double RowsReadPerAnnotation)
    {
        /// <summary>The cores used, and the CPU milliseconds each annotation cost the nodes, PostgreSQL and the clients.</summary>
        public string Cpu =>
            $"{Cores}; CPU per annotation: nodes {Cores.Nodes.Sum() * 1000 / Rate:0.0} ms, PostgreSQL {Cores.Postgres * 1000 / Rate:0.0} ms "
            + $"({TransactionsPerAnnotation:0.0} transactions, {RowsReadPerAnnotation:0} rows read), clients {Cores.Benchmark * 1000 / Rate:0.0} ms";
    }

    /// <summary>Cores used during a window: each node, PostgreSQL, this process (the HTTP clients), everything else, the whole machine.</summary>
    private sealed record Cores(double[] Nodes, double Postgres, double Benchmark, double Others, double MachineBusy)
    {
        public override string ToString() =>
            $"CPU in cores: node(s) {string.Join("+", Nodes.Select(n => n.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}, "
            + $"PostgreSQL {Postgres:0.00}, benchmark clients {Benchmark:0.00}, other processes {Others:0.00}, machine {MachineBusy:0.00} of {Environment.ProcessorCount}";
    }

    private sealed record CpuSample(double[] Nodes, double Postgres, double Benchmark, double MachineBusy, double MachineTotal)
    {
        public Cores Minus(CpuSample before, double seconds)
        {
            var nodes = Nodes.Zip(before.Nodes, (a, b) => (a - b) / seconds).ToArray();
            var postgres = (Postgres - before.Postgres) / seconds;
            var benchmark = (Benchmark - before.Benchmark) / seconds;
            var machine = MachineTotal > before.MachineTotal
                ? (MachineBusy - before.MachineBusy) / (MachineTotal - before.MachineTotal) * Environment.ProcessorCount
                : 0;
            return new Cores(nodes, postgres, benchmark, Math.Max(0, machine - nodes.Sum() - postgres - benchmark), machine);
        }
    }
}
