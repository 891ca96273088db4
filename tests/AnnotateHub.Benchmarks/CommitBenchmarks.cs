using System.Diagnostics;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;

namespace AnnotateHub.Benchmarks;

/// <summary>Durable annotation commits through the whole path (grain, domain, runtime, SQLite store, synchronous=FULL).</summary>
public static class CommitBenchmarks
{
    private const int Writers = 64;

    /// <summary>
    /// commit-p50/p99: one caller, one HighlightAsync after another (rotating over a few existing documents of 100+
    /// annotations), each timed; versus one raw INSERT of the same event bytes in its own transaction on another file.
    /// The series alternate sample by sample, so disk and neighbour noise hit both alike (in blocks, the raw loop's
    /// back-to-back commits to one file measured up to several times slower here than spaced ones). A third series,
    /// IEventStore.AppendAsync of the same bytes to a store on a third file, splits the overhead into store and grain
    /// parts (in the note).
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunLatencyAsync(BenchmarkRun run)
    {
        const int Documents = 16;
        const int Seeded = 100;
        var text = Workload.Article(1200);
        var samples = run.Pick(6400, 960);

        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("commit-latency"));
        await using var storeOnly = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = run.NewDatabasePath("commit-latency-store") });
        using var raw = await RawEventsTable.OpenAsync(run.NewDatabasePath("commit-latency-raw"));
        var documents = Enumerable.Range(0, Documents).Select(d => host.Document($"doc-latency-{d}")).ToArray();
        for (var d = 0; d < Documents; d++)
        {
            await documents[d].CreateAsync(Workload.Create($"doc-latency-{d}", text));
        }

        var created = await documents[0].GetSnapshotAsync();
        var textLength = created.TextIndex.CodePointLength;
        var perDocument = Seeded + (samples + Documents - 1) / Documents;
        var commands = Enumerable.Range(0, perDocument).Select(n => Workload.Highlight(n, textLength)).ToArray();

        // The raw rows and the store-only appends carry exactly the bytes the grains append for the same highlights.
        var payloads = Workload.Annotations(created, perDocument, DateTimeOffset.UtcNow).Select(DocumentStreams.ToEventData).ToArray();

        // Seed (and warm up every path): each document gets its first 100 annotations through the grain.
        long rawVersion = 0;
        long storeVersion = 0;
        for (var n = 0; n < Seeded; n++)
        {
            raw.CommitOne("document/raw", ++rawVersion, payloads[n].Type, payloads[n].Data.ToArray());
            storeVersion = await storeOnly.AppendAsync("document/store", storeVersion, [payloads[n]]);
            foreach (var document in documents)
            {
                await document.HighlightAsync(commands[n]);
            }
        }

        Workload.WarmUpSnapshots(await documents[0].GetSnapshotAsync());
        await Task.Delay(200); // quiet time for the background JIT

        var before = host.Store.Statistics;
        var rawUs = new List<double>(samples);
        var storeUs = new List<double>(samples);
        var grainUs = new List<double>(samples);
        var gcDuringRaw = 0;
        var gcDuringStore = 0;
        var gcDuringGrain = 0;
        for (var i = 0; i < samples; i++)
        {
            var payload = payloads[Seeded + i / Documents];
            var data = payload.Data.ToArray();
            EventData[] events = [payload];
            var command = commands[Seeded + i / Documents];
            var document = documents[i % Documents];

            var collections = GC.CollectionCount(0);
            var started = Stopwatch.GetTimestamp();
            raw.CommitOne("document/raw", ++rawVersion, payload.Type, data);
            rawUs.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            gcDuringRaw += GC.CollectionCount(0) != collections ? 1 : 0;

            collections = GC.CollectionCount(0);
            started = Stopwatch.GetTimestamp();
            storeVersion = await storeOnly.AppendAsync("document/store", storeVersion, events);
            storeUs.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            gcDuringStore += GC.CollectionCount(0) != collections ? 1 : 0;

            collections = GC.CollectionCount(0);
            started = Stopwatch.GetTimestamp();
            await document.HighlightAsync(command);
            grainUs.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            gcDuringGrain += GC.CollectionCount(0) != collections ? 1 : 0;
        }

        var after = host.Store.Statistics;
        var annotations = 0;
        foreach (var document in documents)
        {
            annotations += (await document.GetSnapshotAsync()).Annotations.Length;
        }

        if (annotations != Documents * Seeded + samples)
        {
            throw new InvalidOperationException($"expected {Documents * Seeded + samples} annotations, found {annotations}");
        }

        var bytes = payloads.Average(p => p.Data.Length);
        var figures = new List<Figure>();
        foreach (var (p, goal) in new[] { (50.0, 1.2), (99.0, 1.5) })
        {
            var value = Stats.Percentile(grainUs, p);
            var baseline = Stats.Percentile(rawUs, p);
            figures.Add(new Figure($"commit-p{p:0}", value, "us", baseline,
                $"{Goal.AtMost(value / baseline, goal, "ratio")}; store.AppendAsync alone p{p:0}={Stats.Percentile(storeUs, p):0} us; "
                + $"n={samples}, ~{bytes:0} B events, {Documents} documents of {Seeded}..{perDocument} annotations, {after.Commits - before.Commits} store commits; "
                + $"a GC ran during {gcDuringGrain} grain, {gcDuringStore} store-only and {gcDuringRaw} raw commits"));
        }

        return figures;
    }

    /// <summary>
    /// commit-concurrent: 64 writers, each highlighting on its own document one after another, annotations/s; versus
    /// the same rows (same streams, same bytes) inserted raw in commits as large as the store's average group commit,
    /// rows/s: what durable commits of that size cost on this disk. The two alternate which goes first, round by round.
    /// The note adds the same rows raw in one transaction (the disk's best case, the old baseline).
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunConcurrentAsync(BenchmarkRun run)
    {
        var text = Workload.Article(1200);
        // Documents stay under 256 events, so no snapshot (one per 256 events per document) lands in the window.
        var perWriter = run.Pick(48, 30);
        var warmUp = 10;
        var rounds = run.Pick(5, 2);
        var rows = Writers * perWriter;

        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("commit-concurrent"));
        using var raw = await RawEventsTable.OpenAsync(run.NewDatabasePath("commit-concurrent-raw"));
        var documents = Enumerable.Range(0, Writers).Select(w => host.Document($"doc-w{w}")).ToArray();
        await Task.WhenAll(documents.Select((d, w) => d.CreateAsync(Workload.Create($"doc-w{w}", text))));
        var created = await documents[0].GetSnapshotAsync();
        var textLength = created.TextIndex.CodePointLength;
        var total = warmUp + rounds * perWriter;
        var commands = Enumerable.Range(0, total).Select(n => Workload.Highlight(n, textLength)).ToArray();
        var payloads = Workload.Annotations(created, total, DateTimeOffset.UtcNow).Select(DocumentStreams.ToEventData).ToArray();

        var warmStats = host.Store.Statistics;
        await Task.WhenAll(documents.Select(d => Task.Run(() => WriteAsync(d, commands, 0, warmUp))));
        var warmAfter = host.Store.Statistics;
        var groupSize = Math.Max(1, (int)Math.Round((double)(warmAfter.Appends - warmStats.Appends) / (warmAfter.Commits - warmStats.Commits)));

        var grainRates = new List<double>();
        var rawRates = new List<double>();
        var appendsPerCommit = new List<double>();
        var usPerCommit = new List<double>();
        var cpuPerAnnotation = new List<double>();
        var gcShare = new List<double>();
        var rawGroupedRates = new List<double>();
        var groupSizes = new List<double>();
        long rawVersion = 0;
        for (var round = 0; round < rounds; round++)
        {
            var first = warmUp + round * perWriter;

            // the same rows (stream, payload) as the writers append in this round
            var batch = new List<(string, long, string, byte[])>(rows);
            for (var i = 0; i < perWriter; i++)
            {
                rawVersion++;
                for (var w = 0; w < Writers; w++)
                {
                    var payload = payloads[first + i];
                    batch.Add(($"document/doc-w{w}", rawVersion, payload.Type, payload.Data.ToArray()));
                }
            }

            // the baseline: those rows raw, in commits as large as the store's average group commit; after the grains in
            // even rounds (this round's size), before them in odd ones (the previous round's size)
            var size = groupSize; // in even rounds, set from this round's grains before use
            double RawGrouped()
            {
                var grouped = batch.Select(r => (r.Item1, r.Item2 + 1_000_000, r.Item3, r.Item4)).ToList();
                var began = Stopwatch.GetTimestamp();
                for (var i = 0; i < grouped.Count; i += size)
                {
                    raw.CommitBatch(grouped.GetRange(i, Math.Min(size, grouped.Count - i)));
                }

                return rows / Stopwatch.GetElapsedTime(began).TotalSeconds;
            }

            if (round % 2 == 1)
            {
                rawGroupedRates.Add(RawGrouped());
            }

            var before = host.Store.Statistics;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var pausedBefore = GC.GetTotalPauseDuration();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(documents.Select(d => Task.Run(() => WriteAsync(d, commands, first, perWriter))));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            grainRates.Add(rows / elapsed.TotalSeconds);
            var after = host.Store.Statistics;
            var commits = after.Commits - before.Commits;
            var perCommit = (double)(after.Appends - before.Appends) / commits;

            if (round % 2 == 0)
            {
                size = Math.Max(1, (int)Math.Round(perCommit));
                rawGroupedRates.Add(RawGrouped());
            }

            // diagnostic: the same rows raw in one transaction (the disk's best case)
            var oneBatch = batch.Select(r => (r.Item1, r.Item2 + 2_000_000, r.Item3, r.Item4)).ToList();
            started = Stopwatch.GetTimestamp();
            raw.CommitBatch(oneBatch);
            rawRates.Add(rows / Stopwatch.GetElapsedTime(started).TotalSeconds);

            groupSizes.Add(size);
            groupSize = Math.Max(1, (int)Math.Round(perCommit));
            appendsPerCommit.Add(perCommit);
            usPerCommit.Add(elapsed.TotalMicroseconds / commits);
            cpuPerAnnotation.Add(cpu.TotalMicroseconds / rows);
            gcShare.Add(paused / elapsed);
        }

        foreach (var document in documents)
        {
            var state = await document.GetSnapshotAsync();
            if (state.Annotations.Length != total)
            {
                throw new InvalidOperationException($"expected {total} annotations on {state.Id}, found {state.Annotations.Length}");
            }
        }

        static double Median(List<double> values) => Stats.Percentile(values, 50);
        var value = Median(grainRates);
        var baseline = Median(rawGroupedRates);
        var rawOne = Median(rawRates);
        return
        [
            new Figure("commit-concurrent", value, "annotations/s", baseline,
                $"{Goal.AtLeast(value / baseline, 0.8, "ratio")}; {Writers} writers x {perWriter} highlights, medians of {rounds} rounds: "
                + $"{Median(appendsPerCommit):0.0} appends/commit, {Median(usPerCommit):0} us/commit, {Median(cpuPerAnnotation):0} us CPU/annotation, "
                + $"GC paused {Median(gcShare):0%} of the time; baseline = the same rows raw in commits of {Median(groupSizes):0} rows (the store's group commit), alternating before/after; "
                + $"all of them raw in one transaction: {rawOne:0} rows/s (ratio {value / rawOne:0.000})"),
        ];
    }

    private static async Task WriteAsync(IDocumentGrain document, Highlight[] commands, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            await document.HighlightAsync(commands[i]);
        }
    }
}
