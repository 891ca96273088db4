using System.Diagnostics;

namespace AnnotateHub.Benchmarks;

/// <summary>The Orleans call path: a read on the document grain against an empty grain call, in one silo.</summary>
public static class GrainCallBenchmarks
{
    /// <summary>
    /// grain-call-p50: <c>IDocumentGrain.GetSnapshotAsync()</c> on an active 200-annotation document (what every page
    /// open and API read does), called from ordinary code in the silo's process through its <see cref="IGrainFactory"/>,
    /// as the web app calls it; against <c>IPingGrain.PingAsync()</c>, an empty grain in the same silo. Each call is
    /// timed on its own; the two series alternate in blocks of 1,000 calls.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run)
    {
        const int Block = 1000;
        var blocks = run.Pick(100, 10);
        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("grain-call"));
        var documentId = await Workload.CreateDocumentAsync(host, "doc-read", 200, 1500);
        var document = host.Document(documentId);
        var ping = host.Grains.GetGrain<IPingGrain>("ping");

        // warm-up: both paths, with pauses for the tiering JIT
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 4 * Block; i++)
            {
                await ping.PingAsync();
                await document.GetSnapshotAsync();
            }

            await Task.Delay(100);
        }

        var read = new List<double>(blocks * Block);
        var empty = new List<double>(blocks * Block);
        var annotations = 0;
        for (var b = 0; b < blocks; b++)
        {
            var (first, second) = b % 2 == 0 ? (read, empty) : (empty, read);
            for (var pass = 0; pass < 2; pass++)
            {
                var target = pass == 0 ? first : second;
                for (var i = 0; i < Block; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    if (ReferenceEquals(target, read))
                    {
                        annotations = (await document.GetSnapshotAsync()).Annotations.Length;
                    }
                    else
                    {
                        await ping.PingAsync();
                    }

                    target.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
            }
        }

        if (annotations != 200)
        {
            throw new InvalidOperationException($"read {annotations} annotations, expected 200");
        }

        var value = Stats.Percentile(read, 50);
        var baseline = Stats.Percentile(empty, 50);
        return
        [
            new Figure("grain-call-p50", value, "us", baseline,
                $"{Goal.AtMost(value / baseline, 1.3, "ratio")}; GetSnapshotAsync on an active 200-annotation document vs an empty grain call, same silo, "
                + $"from non-grain code; p99 {Stats.Percentile(read, 99):0.#} vs {Stats.Percentile(empty, 99):0.#} us; n={read.Count} each, alternating blocks of {Block}"),
        ];
    }
}
