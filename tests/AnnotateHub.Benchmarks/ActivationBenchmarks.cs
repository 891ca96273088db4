using System.Diagnostics;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage.Sqlite;

namespace AnnotateHub.Benchmarks;

/// <summary>Activating documents from disk: the time of a cold activation, and the memory an idle activation holds.</summary>
public static class ActivationBenchmarks
{
    /// <summary>Events after the snapshot of a built document (fewer than the 16 that make a deactivation snapshot).</summary>
    private const int TailEvents = 10;

    /// <summary>
    /// activation-10k: the first GetSnapshotAsync on a fresh store + runtime for a document with 10,000 annotations
    /// (newest snapshot + 10 tail events); median of cold runs, each starting from a collected heap. Baseline: the same
    /// reads without deserialising.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunColdActivationAsync(BenchmarkRun run)
    {
        const string DocumentId = "doc-10k";
        const int Annotations = 10_000;
        var path = run.NewDatabasePath("activation-10k");
        var stream = DocumentStreams.StreamId(DocumentId);

        // Build: create through the grain, then 10,000 decided AnnotationCreated events straight into the store,
        // and the snapshot the grain would have saved TailEvents events ago.
        var built = Stopwatch.StartNew();
        int snapshotBytes;
        await using (var host = await DocumentHost.OpenAsync(path))
        {
            var document = host.Document(DocumentId);
            await document.CreateAsync(Workload.Create(DocumentId, Workload.Article(6000)));
            var created = await document.GetSnapshotAsync();
            var events = Workload.Annotations(created, Annotations, DateTimeOffset.UtcNow);
            await Workload.AppendAsync(host.Store, DocumentId, created.Version, events);
            var atSnapshot = DocumentDecider.Fold(created, events.Take(events.Count - TailEvents));
            var snapshot = DocumentStreams.ToSnapshot(atSnapshot);
            snapshotBytes = snapshot.Data.Length;
            await host.Store.SaveSnapshotAsync(stream, snapshot);
        }

        run.Log($"activation-10k: built {Annotations} annotations ({snapshotBytes / 1024.0 / 1024:0.0} MiB snapshot) in {built.Elapsed.TotalSeconds:0.0} s");

        // Warm-up runs let tiered compilation settle (the pause after each gives the background JIT its quiet time).
        var warmUps = run.Pick(3, 2);
        var runs = run.Pick(15, 3);
        var grainMs = new List<double>();
        var pausedMs = new List<double>();
        var rawMs = new List<double>();
        for (var i = 0; i < warmUps + runs; i++)
        {
            var raw = await ReadRawAsync(path, stream, Annotations + 1);
            var (grain, paused) = await ActivateColdAsync(path, DocumentId, Annotations);
            if (i >= warmUps)
            {
                rawMs.Add(raw);
                grainMs.Add(grain);
                pausedMs.Add(paused);
            }
            else
            {
                await Task.Delay(250);
            }
        }

        var value = Stats.Percentile(grainMs, 50);
        return
        [
            new Figure("activation-10k", value, "ms", Stats.Percentile(rawMs, 50),
                $"{Goal.AtMost(value, 50)}; median of {runs} cold runs (min {grainMs.Min():0.0}, max {grainMs.Max():0.0}, median GC pause {Stats.Percentile(pausedMs, 50):0.0} ms); {snapshotBytes / 1024.0 / 1024:0.0} MiB snapshot + {TailEvents} events; file in the OS page cache"),
        ];
    }

    /// <summary>
    /// idle-activation-bytes: managed memory held per activated, idle document with 100 annotations
    /// (GC.GetTotalMemory(true) before and after activating N of them, / N). Baseline: its snapshot's JSON size.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunIdleMemoryAsync(BenchmarkRun run)
    {
        const int Annotations = 100;
        const int WarmUp = 20;
        var count = run.Pick(500, 200);
        var path = run.NewDatabasePath("idle-activations");
        var text = Workload.Article(1200);
        var ids = Enumerable.Range(0, WarmUp + count).Select(i => $"doc-idle-{i}").ToArray();

        // Build: every document as created + 100 annotations, with a snapshot at its last version (as a grain leaves
        // it on deactivation), written straight to the store.
        long snapshotBytes = 0;
        await using (var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = path }))
        {
            foreach (var chunk in ids.Chunk(64))
            {
                await Task.WhenAll(chunk.Select(async id =>
                {
                    var now = DateTimeOffset.UtcNow;
                    var creation = Workload.CreationEvents(id, text, now);
                    var created = DocumentDecider.Fold(creation);
                    var events = Workload.Annotations(created, Annotations, now);
                    await Workload.AppendAsync(store, id, 0, [.. creation, .. events]);
                    var snapshot = DocumentStreams.ToSnapshot(DocumentDecider.Fold(created, events));
                    Interlocked.Add(ref snapshotBytes, snapshot.Data.Length);
                    await store.SaveSnapshotAsync(DocumentStreams.StreamId(id), snapshot);
                }));
            }
        }

        await using var host = await DocumentHost.OpenAsync(path);
        foreach (var id in ids.Take(WarmUp))
        {
            await ActivateAsync(host, id, Annotations);
        }

        var before = SettledHeapBytes();
        foreach (var id in ids.Skip(WarmUp))
        {
            await ActivateAsync(host, id, Annotations);
        }

        var after = SettledHeapBytes();
        var activations = await host.ActivationCountAsync();
        if (activations < ids.Length)
        {
            throw new InvalidOperationException($"expected {ids.Length} document activations, found {activations}");
        }

        var perDocument = (double)(after - before) / count;
        return
        [
            new Figure("idle-activation-bytes", perDocument, "bytes", (double)snapshotBytes / ids.Length,
                $"no goal; {count} documents x {Annotations} annotations, {text.Length} char text; baseline = snapshot JSON bytes"),
        ];
    }

    /// <summary>A fresh store and runtime on the file; times the first call (activation: snapshot + tail events).</summary>
    private static async Task<(double Milliseconds, double GcPausedMilliseconds)> ActivateColdAsync(string path, string documentId, int annotations)
    {
        await using var host = await DocumentHost.OpenAsync(path);
        var document = host.Document(documentId);
        CollectGarbage(); // the previous run's 10,000 annotations are garbage now; do not bill their collection to this run
        var paused = GC.GetTotalPauseDuration();
        var started = Stopwatch.GetTimestamp();
        var state = await document.GetSnapshotAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var gc = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
        if (state.Annotations.Length != annotations)
        {
            throw new InvalidOperationException($"activated {state.Annotations.Length} annotations, expected {annotations}");
        }

        return (elapsed, gc);
    }

    /// <summary>A fresh store on the file; times reading the newest snapshot and the events after it, as bytes.</summary>
    private static async Task<double> ReadRawAsync(string path, string stream, long version)
    {
        await using var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = path });
        CollectGarbage();
        var started = Stopwatch.GetTimestamp();
        var snapshot = await store.LoadSnapshotAsync(stream) ?? throw new InvalidOperationException("no snapshot");
        var tail = await store.ReadAsync(stream, snapshot.Version);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (snapshot.Version + tail.Count != version)
        {
            throw new InvalidOperationException($"read up to version {snapshot.Version + tail.Count}, expected {version}");
        }

        return elapsed;
    }

    private static async Task ActivateAsync(DocumentHost host, string documentId, int annotations)
    {
        var state = await host.Document(documentId).GetSnapshotAsync();
        if (state.Annotations.Length != annotations)
        {
            throw new InvalidOperationException($"{documentId}: {state.Annotations.Length} annotations, expected {annotations}");
        }
    }

    private static long SettledHeapBytes()
    {
        CollectGarbage();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
