using System.Diagnostics;
using System.Runtime.CompilerServices;
using AnnotateHub.Runtime;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The cost of the grain call path: a trivial method returning a completed <see cref="Task{TResult}"/>, called through
/// a grain reference versus on the grain class directly.
/// </summary>
public static class GrainCallBenchmarks
{
    private const int Callers = 64;
    private const int Grains = 1000;
    private const int CallsBetweenYields = 128;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run)
    {
        await using var runtime = GrainRuntime.Create(services => services.AddGrainRuntime().AddGrain<IPingGrain, PingGrain>());
        var figures = new List<Figure>();
        figures.AddRange(await MeasureLatencyAsync(run, runtime));
        figures.Add(await MeasureThroughputAsync(run, runtime));
        return figures;
    }

    /// <summary>
    /// grain-call-overhead-p50/p99: single calls timed with Stopwatch.GetTimestamp, direct and grain in alternating
    /// blocks (so drift and noisy neighbours hit both alike). value = grain percentile - direct percentile.
    /// </summary>
    private static async Task<IReadOnlyList<Figure>> MeasureLatencyAsync(BenchmarkRun run, GrainRuntime runtime)
    {
        var grain = runtime.GetGrain<IPingGrain>("ping-latency");
        IPingGrain direct = new PingGrain();
        await grain.PingAsync(); // activates

        var rounds = run.Pick(20, 8);
        var perRound = run.Pick(50_000, 25_000);
        var directTicks = new long[rounds * perRound];
        var grainTicks = new long[rounds * perRound];

        // Warm-up: enough calls for tiered compilation (tier 0, instrumented, tier 1) to settle on both paths.
        var warmUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * run.Pick(1.0, 0.5));
        while (Stopwatch.GetTimestamp() < warmUntil)
        {
            await TimeCallsAsync(direct, directTicks, 0, perRound);
            await TimeCallsAsync(grain, grainTicks, 0, perRound);
            await Task.Delay(20); // lets the background JIT install tier-1 code
        }

        for (var round = 0; round < rounds; round++)
        {
            await TimeCallsAsync(direct, directTicks, round * perRound, perRound);
            await TimeCallsAsync(grain, grainTicks, round * perRound, perRound);
        }

        var directUs = ToMicroseconds(directTicks);
        var grainUs = ToMicroseconds(grainTicks);
        var figures = new List<Figure>();
        foreach (var p in new[] { 50.0, 99.0 })
        {
            var baseline = Stats.Percentile(directUs, p);
            var overhead = Stats.Percentile(grainUs, p) - baseline;
            figures.Add(new Figure($"grain-call-overhead-p{p:0}", overhead, "us", baseline,
                $"{Goal.AtMost(overhead, 5)}; grain call p{p:0}={Goal.Format(overhead + baseline)} us; n={grainUs.Length} each"));
        }

        return figures;
    }

    /// <summary>grain-calls-per-second: 64 async callers over 1,000 grains for a fixed window; median of rounds.</summary>
    private static async Task<Figure> MeasureThroughputAsync(BenchmarkRun run, GrainRuntime runtime)
    {
        var grains = new IPingGrain[Grains];
        var directs = new IPingGrain[Grains];
        for (var i = 0; i < Grains; i++)
        {
            grains[i] = runtime.GetGrain<IPingGrain>($"ping-{i}");
            directs[i] = new PingGrain();
            await grains[i].PingAsync(); // activates all 1,000 up front
        }

        var window = TimeSpan.FromSeconds(run.Pick(1.5, 0.6));
        await CallsPerSecondAsync(directs, TimeSpan.FromSeconds(0.3));
        await CallsPerSecondAsync(grains, TimeSpan.FromSeconds(0.3));

        var rounds = run.Pick(3, 1);
        var direct = new List<double>();
        var viaGrain = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            direct.Add(await CallsPerSecondAsync(directs, window));
            viaGrain.Add(await CallsPerSecondAsync(grains, window));
        }

        var value = Stats.Percentile(viaGrain, 50);
        return new Figure("grain-calls-per-second", value, "calls/s", Stats.Percentile(direct, 50),
            $"{Goal.AtLeast(value, 500_000)}; {Callers} callers, {Grains} grains, median of {rounds} x {window.TotalSeconds:0.0} s");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task TimeCallsAsync(IPingGrain target, long[] ticks, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await target.PingAsync();
            ticks[offset + i] = Stopwatch.GetTimestamp() - start;
        }
    }

    private static async Task<double> CallsPerSecondAsync(IPingGrain[] targets, TimeSpan window)
    {
        var stop = new StrongBox<bool>();
        var counts = new long[Callers];
        var started = Stopwatch.GetTimestamp();
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            callers[c] = Task.Run(() => CallerAsync(targets, caller, stop, counts));
        }

        await Task.Delay(window);
        Volatile.Write(ref stop.Value, true);
        await Task.WhenAll(callers);
        return counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>One caller: awaits one call after another, striding over the grains; yields now and then so all 64 take turns.</summary>
    private static async Task CallerAsync(IPingGrain[] targets, int caller, StrongBox<bool> stop, long[] counts)
    {
        long calls = 0;
        var next = caller;
        while (!Volatile.Read(ref stop.Value))
        {
            for (var k = 0; k < CallsBetweenYields; k++)
            {
                await targets[next].PingAsync();
                next += Callers;
                if (next >= targets.Length)
                {
                    next -= targets.Length;
                }
            }

            calls += CallsBetweenYields;
            await Task.Yield();
        }

        counts[caller] = calls;
    }

    private static double[] ToMicroseconds(long[] ticks)
    {
        var perTick = 1e6 / Stopwatch.Frequency;
        return ticks.Select(t => t * perTick).ToArray();
    }
}
