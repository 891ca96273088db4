using System.Diagnostics;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// Issue 11 in process: commits through the document grain on the PostgreSQL store, and a change fanned out from the
/// grain's node to sessions on another node of a two-silo cluster on PostgreSQL.
/// </summary>
public static class PostgresBenchmarks
{
    private const int FanOutSessions = 100;
    private const int FanOutAnnotations = 200;

    /// <summary>
    /// pg-commit-p50: one caller, one HighlightAsync after another (rotating over 16 documents of 100+ annotations) in a
    /// silo over <see cref="Storage.Postgres.PostgresEventStore"/>, each timed; versus a raw Npgsql BEGIN + INSERT +
    /// COMMIT of the same event bytes into a table of the same shape in the same database (<see cref="RawPostgresEvents"/>).
    /// As for SQLite (<see cref="CommitBenchmarks.RunLatencyAsync"/>), the series alternate sample by sample, and a third
    /// one, the store's AppendAsync of the same bytes to another stream, splits the overhead into store and grain parts.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunCommitAsync(BenchmarkRun run)
    {
        const int Documents = 16;
        const int Seeded = 100;
        var server = await ServerOrSkipAsync(run, "pg-commit-p50");
        if (server is null)
        {
            return [];
        }

        var samples = run.Pick(6400, 960);
        var text = Workload.Article(1200);
        await using var database = await server.CreateDatabaseAsync("commit");
        await using var node = await PostgresNode.StartAloneAsync(database.ConnectionString);
        await using var raw = await RawPostgresEvents.OpenAsync(database.ConnectionString);
        var store = node.Store;
        var documents = Enumerable.Range(0, Documents).Select(d => node.Document($"doc-pg-{d}")).ToArray();
        for (var d = 0; d < Documents; d++)
        {
            await documents[d].CreateAsync(Workload.Create($"doc-pg-{d}", text));
        }

        var created = await documents[0].GetSnapshotAsync();
        var textLength = created.TextIndex.CodePointLength;
        var perDocument = Seeded + (samples + Documents - 1) / Documents;
        var commands = Enumerable.Range(0, perDocument).Select(n => Workload.Highlight(n, textLength)).ToArray();
        var payloads = Workload.Annotations(created, perDocument, DateTimeOffset.UtcNow).Select(DocumentStreams.ToEventData).ToArray();

        // Seed and warm up every path: each document gets its first 100 annotations through the grain.
        long rawVersion = 0;
        long storeVersion = 0;
        for (var n = 0; n < Seeded; n++)
        {
            await raw.CommitOneAsync("document/raw", ++rawVersion, payloads[n].Type, payloads[n].Data.ToArray());
            storeVersion = await store.AppendAsync("document/store", storeVersion, [payloads[n]]);
            foreach (var document in documents)
            {
                await document.HighlightAsync(commands[n]);
            }
        }

        Workload.WarmUpSnapshots(await documents[0].GetSnapshotAsync());
        await Task.Delay(200);

        var rawUs = new List<double>(samples);
        var storeUs = new List<double>(samples);
        var grainUs = new List<double>(samples);
        var gcDuringGrain = 0;
        for (var i = 0; i < samples; i++)
        {
            var payload = payloads[Seeded + i / Documents];
            var data = payload.Data.ToArray();
            EventData[] events = [payload];
            var command = commands[Seeded + i / Documents];
            var document = documents[i % Documents];

            var started = Stopwatch.GetTimestamp();
            await raw.CommitOneAsync("document/raw", ++rawVersion, payload.Type, data);
            rawUs.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);

            started = Stopwatch.GetTimestamp();
            storeVersion = await store.AppendAsync("document/store", storeVersion, events);
            storeUs.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);

            var collections = GC.CollectionCount(0);
            started = Stopwatch.GetTimestamp();
            await document.HighlightAsync(command);
            grainUs.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            gcDuringGrain += GC.CollectionCount(0) != collections ? 1 : 0;
        }

        var annotations = 0;
        foreach (var document in documents)
        {
            annotations += (await document.GetSnapshotAsync()).Annotations.Length;
        }

        if (annotations != Documents * Seeded + samples)
        {
            throw new InvalidOperationException($"expected {Documents * Seeded + samples} annotations, found {annotations}");
        }

        var value = Stats.Percentile(grainUs, 50);
        var baseline = Stats.Percentile(rawUs, 50);
        var storeP50 = Stats.Percentile(storeUs, 50);
        return
        [
            new Figure("pg-commit-p50", value, "us", baseline,
                $"{Goal.AtMost(value / baseline, 1.2, "ratio")}; HighlightAsync through the grain (silo over PostgresEventStore) vs raw Npgsql BEGIN+INSERT+COMMIT of the same bytes "
                + $"into a table of the same shape, same database; store.AppendAsync alone p50={storeP50:0} us (ratio {storeP50 / baseline:0.00}); "
                + $"p99 grain {Stats.Percentile(grainUs, 99):0}, store {Stats.Percentile(storeUs, 99):0}, raw {Stats.Percentile(rawUs, 99):0} us; "
                + $"n={samples} each, alternating; ~{payloads.Average(p => p.Data.Length):0} B events, {Documents} documents of {Seeded}..{perDocument} annotations; "
                + $"a GC ran during {gcDuringGrain} grain commits; {server.Description}"
                + (server.Fsync ? "" : " (a COMMIT waits for no disk here, so the ratio is the overhead over two loopback round trips: its worst case)")),
        ];
    }

    /// <summary>
    /// cross-node-fanout-p99: two silos of one Orleans cluster on PostgreSQL (two silo hosts in this process, each
    /// configured as the web app configures a node with <c>Cluster:Provider=postgres</c>: ADO.NET clustering, its own
    /// ports on 127.0.0.1, real TCP between them). The document's grain is on node A; 100 sessions on node B (each a
    /// rendered live view with its own DocumentFeed, through node B's one DocumentSubscriptions, as in
    /// <see cref="LiveViewBenchmarks"/>) are real subscribers through the cluster. A change is committed through node A;
    /// ms until the last of the 100 sessions on B has rendered it. Baseline: the same 100 sessions on node A, the
    /// grain's own node. Blocks of changes alternate between the two.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunCrossNodeFanOutAsync(BenchmarkRun run)
    {
        var server = await ServerOrSkipAsync(run, "cross-node-fanout-p99");
        if (server is null)
        {
            return [];
        }

        var blocks = run.Pick(4, 1);
        var perBlock = run.Pick(250, 100);
        await using var database = await server.CreateDatabaseAsync("fanout");
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await using var nodeA = await PostgresNode.StartClusterNodeAsync(database.ConnectionString, clusterId);
        await using var nodeB = await PostgresNode.StartClusterNodeAsync(database.ConnectionString, clusterId);
        await WaitForAsync(async () => await nodeA.ActiveSilosAsync() == 2 && await nodeB.ActiveSilosAsync() == 2, "both silos to see each other", TimeSpan.FromSeconds(60));

        // The document with its first 200 annotations straight in the store, with a snapshot; its grain activated on A.
        const string DocumentId = "doc-cross-node";
        var now = DateTimeOffset.UtcNow;
        var creation = Workload.CreationEvents(DocumentId, Workload.Article(1500), now);
        var created = DocumentDecider.Fold(creation);
        var events = Workload.Annotations(created, FanOutAnnotations, now);
        await Workload.AppendAsync(nodeA.Store, DocumentId, 0, [.. creation, .. events]);
        await nodeA.Store.SaveSnapshotAsync(DocumentStreams.StreamId(DocumentId), DocumentStreams.ToSnapshot(DocumentDecider.Fold(created, events)));
        await nodeA.ActivateHereAsync(DocumentId);
        await EnsureHolderAsync(nodeA, nodeB, DocumentId);

        var writer = new LiveViewBenchmarks.Writer(nodeA.Document(DocumentId));
        using var servicesA = new LiveViewBenchmarks.SessionServices(); // each node has its own DocumentViews and People
        using var servicesB = new LiveViewBenchmarks.SessionServices();
        var cross = new List<double>();
        var same = new List<double>();
        var crossPerSession = new List<double>();
        var cpuCross = new List<double>();
        var cpuSame = new List<double>();
        var annotations = 0;
        for (var block = 0; block < blocks; block++)
        {
            foreach (var onB in block % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var series = await LiveViewBenchmarks.MeasureAsync(
                    onB ? nodeB : nodeA, DocumentId, writer, onB ? servicesB : servicesA, FanOutSessions, perBlock, 600, perBlock, live: true);
                (onB ? cross : same).AddRange(series.AllRendered);
                (onB ? cpuCross : cpuSame).Add(series.CpuMsPerChange);
                if (onB)
                {
                    crossPerSession.AddRange(series.PerSession);
                }

                annotations = series.Annotations;
            }

            run.Log($"cross-node-fanout: block {block + 1}/{blocks}: p99 so far on B {Stats.Percentile(cross, 99):0.##} ms, on A {Stats.Percentile(same, 99):0.##} ms");
        }

        await EnsureHolderAsync(nodeA, nodeB, DocumentId); // the grain stayed on A throughout

        var value = Stats.Percentile(cross, 99);
        var baseline = Stats.Percentile(same, 99);
        return
        [
            new Figure("cross-node-fanout-p99", value, "ms", baseline,
                $"{Goal.AtMost(value, 100)}; a change committed through node A until the last of {FanOutSessions} sessions on node B rendered it; "
                + $"p50 {Stats.Percentile(cross, 50):0.##} ms, max {cross.Max():0.#}, per-session p99 {Stats.Percentile(crossPerSession, 99):0.##} ms; "
                + $"baseline = the same {FanOutSessions} sessions on node A (the grain's node), p50 {Stats.Percentile(same, 50):0.##} ms; "
                + $"n={cross.Count} changes each (highlight/reply alternating), in {blocks} block(s) of {perBlock} per side, B and A alternating; document of {FanOutAnnotations}..{annotations} annotations; "
                + "2 silos of one ADO.NET cluster on PostgreSQL, real TCP on 127.0.0.1 between them, hosted in this one process "
                + $"(process CPU {cpuCross.Average():0.#} ms/change with the sessions on B, {cpuSame.Average():0.#} on A); {server.Description}"),
        ];
    }

    /// <summary>The benchmark's PostgreSQL server, or null (with a line saying why and what to do) when none can be had.</summary>
    internal static async Task<PostgresServer?> ServerOrSkipAsync(BenchmarkRun run, string figures)
    {
        try
        {
            return await run.PostgresAsync();
        }
        catch (InvalidOperationException exception)
        {
            Console.WriteLine($"# {figures}: skipped, no PostgreSQL: {exception.Message}");
            return null;
        }
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task EnsureHolderAsync(PostgresNode nodeA, PostgresNode nodeB, string documentId)
    {
        var seenFromA = await nodeA.HolderOfAsync(documentId);
        var seenFromB = await nodeB.HolderOfAsync(documentId);
        if (!nodeA.Address.Equals(seenFromA) || !nodeA.Address.Equals(seenFromB))
        {
            throw new InvalidOperationException($"the document's grain should be on node A ({nodeA.Address}); the directory says {seenFromA} (asked on A), {seenFromB} (asked on B)");
        }
    }
}
