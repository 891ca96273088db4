using System.Diagnostics;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// audit-verify-100k: ms to verify 100,000 stored events (100 documents of 1,000 real AnnotationCreated events each, on a
/// SQLite file) the way <c>admin verify</c> does it (<see cref="WorkspaceChain.VerifyAsync"/>: read each stream from the
/// store, recompute every link of its hash chain, fold the heads), versus reading the same streams from the same store
/// without checking anything. Median of several runs, alternating the two.
/// </summary>
public static class AuditBenchmarks
{
    private const int Documents = 100;
    private const int EventsPerDocument = 1000;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run)
    {
        await using var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = run.NewDatabasePath("audit-verify-100k") });
        var text = Workload.Article(1200);
        var now = DateTimeOffset.UtcNow;
        var created = Workload.CreationEvents("doc-audit-0", text, now);
        var state = DocumentDeciderFold(created);
        var annotations = Workload.Annotations(state, EventsPerDocument - created.Count, now);
        var streams = new List<string>(Documents);
        long bytes = 0;
        for (var d = 0; d < Documents; d++)
        {
            var id = $"doc-audit-{d}";
            await Workload.AppendAsync(store, id, 0, [.. created, .. annotations]);
            streams.Add(DocumentStreams.StreamId(id));
        }

        foreach (var stored in await store.ReadAsync(streams[0]))
        {
            bytes += stored.Data.Length;
        }

        run.Log($"audit-verify-100k: {Documents} documents x {EventsPerDocument} events, {bytes * Documents / 1024.0 / 1024.0:0.0} MB of payload");

        async Task<long> ReadRawAsync()
        {
            long events = 0;
            foreach (var stream in streams)
            {
                events += (await store.ReadAsync(stream)).Count;
            }

            return events;
        }

        async Task<long> VerifyAsync()
        {
            var result = await WorkspaceChain.VerifyAsync(store, streams);
            return result.IsIntact ? result.Events : throw new InvalidOperationException($"the benchmark's chain is broken: {result.Reason}");
        }

        // warm-up of both paths
        await ReadRawAsync();
        await VerifyAsync();
        var runs = run.Pick(7, 3);
        var raw = new List<double>(runs);
        var verify = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            raw.Add(await TimeAsync(ReadRawAsync, Documents * EventsPerDocument));
            verify.Add(await TimeAsync(VerifyAsync, Documents * EventsPerDocument));
        }

        var value = Stats.Percentile(verify, 50);
        var baseline = Stats.Percentile(raw, 50);
        run.Log($"audit-verify-100k: verify {string.Join(", ", verify.Select(v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms; raw read {string.Join(", ", raw.Select(v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        return
        [
            new Figure("audit-verify-100k", value, "ms", baseline,
                $"{Documents * EventsPerDocument / (value / 1000):N0} events/s verified; baseline: the same streams read from the same store unchecked"),
        ];
    }

    private static async Task<double> TimeAsync(Func<Task<long>> action, long expected)
    {
        var started = Stopwatch.GetTimestamp();
        var events = await action();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return events == expected ? elapsed : throw new InvalidOperationException($"read {events} events, expected {expected}");
    }

    private static AnnotateHub.Domain.DocumentState DocumentDeciderFold(IReadOnlyList<AnnotateHub.Domain.DocumentEvent> events) =>
        events.Aggregate(AnnotateHub.Domain.DocumentState.Empty, AnnotateHub.Domain.DocumentDecider.Evolve);
}
