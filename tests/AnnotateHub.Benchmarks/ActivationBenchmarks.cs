using System.Diagnostics;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using Orleans.Core.Internal;

namespace AnnotateHub.Benchmarks;

/// <summary>Activating documents from disk: the time of a cold activation, and the memory an idle activation holds.</summary>
public static class ActivationBenchmarks
{
    /// <summary>Events after the snapshot of a built document (fewer than the 16 that make a deactivation snapshot).</summary>
    private const int TailEvents = 10;

    /// <summary>
    /// activation-10k: the first GetSnapshotAsync of a document with 10,000 annotations whose grain is not active
    /// (newest snapshot + 10 tail events), in a running silo: the grain is deactivated between runs and each run starts
    /// from a collected heap; median of cold runs. Baseline: reading the same snapshot and tail from the store without
    /// deserialising. The note measures, alternating run by run, the same document with its snapshot in the JSON form
    /// that earlier versions wrote (document-state.v1): the "before" of the compact form.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunColdActivationAsync(BenchmarkRun run)
    {
        const string DocumentId = "doc-10k";
        const string JsonDocumentId = "doc-10k-json";
        const int Annotations = 10_000;
        var path = run.NewDatabasePath("activation-10k");

        // Build: 10,000 decided AnnotationCreated events straight into the store, and the snapshot the grain would have
        // saved TailEvents events ago: in the compact form for one document, in the old JSON form for its twin.
        var built = Stopwatch.StartNew();
        int compactBytes;
        int jsonBytes;
        await using var host = await DocumentHost.OpenAsync(path);
        {
            var now = DateTimeOffset.UtcNow;
            var text = Workload.Article(6000);
            foreach (var id in new[] { DocumentId, JsonDocumentId })
            {
                var creation = Workload.CreationEvents(id, text, now);
                var created = DocumentDecider.Fold(creation);
                var events = Workload.Annotations(created, Annotations, now);
                await Workload.AppendAsync(host.Store, id, 0, [.. creation, .. events]);
                var atSnapshot = DocumentDecider.Fold(created, events.Take(events.Count - TailEvents));
                var snapshot = id == DocumentId
                    ? DocumentStreams.ToSnapshot(atSnapshot)
                    : new Snapshot(atSnapshot.Version, DocumentSnapshots.JsonTypeName, DomainJson.SerializeState(atSnapshot));
                await host.Store.SaveSnapshotAsync(DocumentStreams.StreamId(id), snapshot);
            }

            compactBytes = (await host.Store.LoadSnapshotAsync(DocumentStreams.StreamId(DocumentId)))!.Data.Length;
            jsonBytes = (await host.Store.LoadSnapshotAsync(DocumentStreams.StreamId(JsonDocumentId)))!.Data.Length;
        }

        run.Log($"activation-10k: built 2 x {Annotations} annotations (compact snapshot {compactBytes / 1024.0 / 1024:0.0} MiB, JSON {jsonBytes / 1024.0 / 1024:0.0} MiB) in {built.Elapsed.TotalSeconds:0.0} s");

        // Warm-up runs let tiered compilation settle (the pause after each gives the background JIT its quiet time).
        var warmUps = run.Pick(3, 2);
        var runs = run.Pick(15, 3);
        var compact = new Series();
        var json = new Series();
        var rawMs = new List<double>();
        var decodeCompact = new List<double>();
        var decodeJson = new List<double>();
        for (var i = 0; i < warmUps + runs; i++)
        {
            var raw = await ReadRawAsync(host, DocumentStreams.StreamId(DocumentId), Annotations + 1);
            var first = i % 2 == 0;
            var (c, j1) = first
                ? (await ActivateColdAsync(host, DocumentId, Annotations), await ActivateColdAsync(host, JsonDocumentId, Annotations))
                : (default, default);
            if (!first)
            {
                j1 = await ActivateColdAsync(host, JsonDocumentId, Annotations);
                c = await ActivateColdAsync(host, DocumentId, Annotations);
            }

            var dc = await DecodeAsync(host, DocumentId);
            var dj = await DecodeAsync(host, JsonDocumentId);
            if (i >= warmUps)
            {
                rawMs.Add(raw);
                compact.Add(c);
                json.Add(j1);
                decodeCompact.Add(dc);
                decodeJson.Add(dj);
            }
            else
            {
                await Task.Delay(250);
            }
        }

        var value = compact.Median;
        return
        [
            new Figure("activation-10k", value, "ms", Stats.Percentile(rawMs, 50),
                $"{Goal.AtMost(value, 50)}; median of {runs} cold runs in a running silo (min {compact.Min:0.0}, max {compact.Max:0.0}, median GC pause {compact.MedianPause:0.0} ms); "
                + $"compact snapshot (document-state.v2) {compactBytes / 1024.0 / 1024:0.0} MiB + {TailEvents} events, decoding it alone {Stats.Percentile(decodeCompact, 50):0.0} ms; "
                + $"before, the same document with a JSON snapshot (document-state.v1, {jsonBytes / 1024.0 / 1024:0.0} MiB), alternating: median {json.Median:0.0} ms (min {json.Min:0.0}, max {json.Max:0.0}, GC pause {json.MedianPause:0.0}), decoding alone {Stats.Percentile(decodeJson, 50):0.0} ms; file in the OS page cache"),
        ];
    }

    /// <summary>
    /// idle-activation-bytes: managed memory held per activated, idle document with 100 annotations
    /// (GC.GetTotalMemory(true) before and after activating N of them, / N). Baseline: its snapshot's size.
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
        long jsonBytes = 0;
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
                    Interlocked.Add(ref jsonBytes, DomainJson.SerializeState(DocumentDecider.Fold(created, events)).Length);
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
                $"no goal; {count} documents x {Annotations} annotations, {text.Length} char text; baseline = its snapshot's bytes (compact form; {(double)jsonBytes / ids.Length:0} as JSON); Orleans activation included"),
        ];
    }

    /// <summary>Deactivates the document's grain (if active), collects the heap, then times the first call (activation: snapshot + tail events).</summary>
    private static async Task<(double Milliseconds, double GcPausedMilliseconds)> ActivateColdAsync(DocumentHost host, string documentId, int annotations)
    {
        var document = host.Document(documentId);
        if (await host.ActivationCountAsync() != 0)
        {
            throw new InvalidOperationException("a document grain is still active before a cold run");
        }

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

        await DeactivateAsync(host, document);
        return (elapsed, gc);
    }

    /// <summary>Asks the (active) grain to deactivate and waits until the silo holds no document activation.</summary>
    private static async Task DeactivateAsync(DocumentHost host, IDocumentGrain document)
    {
        await document.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var waited = Stopwatch.StartNew();
        while (await host.ActivationCountAsync() > 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("the document grain did not deactivate within 30 s");
            }

            await Task.Delay(10);
        }

        await Task.Delay(50);
    }

    /// <summary>Times reading the newest snapshot and the events after it from the store, as bytes.</summary>
    private static async Task<double> ReadRawAsync(DocumentHost host, string stream, long version)
    {
        CollectGarbage();
        var started = Stopwatch.GetTimestamp();
        var snapshot = await host.Store.LoadSnapshotAsync(stream) ?? throw new InvalidOperationException("no snapshot");
        var tail = await host.Store.ReadAsync(stream, snapshot.Version);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (snapshot.Version + tail.Count != version)
        {
            throw new InvalidOperationException($"read up to version {snapshot.Version + tail.Count}, expected {version}");
        }

        return elapsed;
    }

    /// <summary>Times decoding the document's stored snapshot alone (no store, no grain), from a collected heap.</summary>
    private static async Task<double> DecodeAsync(DocumentHost host, string documentId)
    {
        var snapshot = await host.Store.LoadSnapshotAsync(DocumentStreams.StreamId(documentId)) ?? throw new InvalidOperationException("no snapshot");
        CollectGarbage();
        var started = Stopwatch.GetTimestamp();
        var state = DocumentStreams.FromSnapshot(snapshot);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        GC.KeepAlive(state);
        return elapsed;
    }

    private sealed class Series
    {
        private readonly List<double> _ms = [];
        private readonly List<double> _paused = [];

        public double Median => Stats.Percentile(_ms, 50);

        public double Min => _ms.Min();

        public double Max => _ms.Max();

        public double MedianPause => Stats.Percentile(_paused, 50);

        public void Add((double Milliseconds, double GcPausedMilliseconds) sample)
        {
            _ms.Add(sample.Milliseconds);
            _paused.Add(sample.GcPausedMilliseconds);
        }
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
