using System.Diagnostics;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace AnnotateHub.Benchmarks;

/// <summary>A document state fetched from another silo: what a web node pays when the document's grain lives elsewhere.</summary>
public static class CrossSiloBenchmarks
{
    private const int Annotations = 2000;

    /// <summary>
    /// cross-silo-snapshot-p50: two silos in this process (Microsoft.Orleans.TestingHost's InProcessTestCluster: its
    /// in-memory transport, so every message is serialised and deserialised but no socket is involved), one SQLite store
    /// shared by both. The document grain (2,000 annotations) is active on silo A; silo B's <see cref="IGrainFactory"/>
    /// calls <c>GetSnapshotAsync()</c>, so the state crosses as the domain codec's JSON. Baseline: an empty grain call
    /// from B to A. The series alternate call by call. The note adds the same read from A (by reference, no copy).
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run)
    {
        var samples = run.Pick(300, 40);
        await using var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = run.NewDatabasePath("cross-silo") });
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host => DocumentHost.QuietLogging(host.Logging));
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<IEventStore>(store);
            host.Services.AddSingleton<IGrainStateStore>(store);
        });
        builder.ConfigureSilo((_, silo) => silo.AddAnnotateHubGrains());
        builder.ConfigureClient(client => client.Services.AddSerializer(s => s.AddAnnotateHubSerialization()));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        // The document, written straight to the store with a snapshot, then activated on silo A.
        const string DocumentId = "doc-cross-2000";
        var now = DateTimeOffset.UtcNow;
        var creation = Workload.CreationEvents(DocumentId, Workload.Article(6000), now);
        var created = DocumentDecider.Fold(creation);
        var events = Workload.Annotations(created, Annotations, now);
        await Workload.AppendAsync(store, DocumentId, 0, [.. creation, .. events]);
        var full = DocumentDecider.Fold(created, events);
        await store.SaveSnapshotAsync(DocumentStreams.StreamId(DocumentId), DocumentStreams.ToSnapshot(full));

        var siloA = cluster.Silos[0];
        var siloB = cluster.Silos[1];
        var grainsA = siloA.ServiceProvider.GetRequiredService<IGrainFactory>();
        var grainsB = siloB.ServiceProvider.GetRequiredService<IGrainFactory>();
        var onA = grainsA.GetGrain<IDocumentGrain>(DocumentId);
        await onA.GetSnapshotAsync();
        if (!cluster.TryGetGrainContext(onA.GetGrainId(), out var context))
        {
            throw new InvalidOperationException("the document grain is not active anywhere");
        }

        if (!siloA.SiloAddress.Equals(context.Address.SiloAddress))
        {
            await cluster.MigrateAsync(onA.GetGrainId(), siloA.SiloAddress);
            await onA.GetSnapshotAsync();
            if (!cluster.TryGetGrainContext(onA.GetGrainId(), out context) || !siloA.SiloAddress.Equals(context.Address.SiloAddress))
            {
                throw new InvalidOperationException("could not place the document grain on silo A");
            }
        }

        await grainsA.GetGrain<IPingGrain>("cross").PingAsync(); // PreferLocalPlacement: activated on A
        var fromB = grainsB.GetGrain<IDocumentGrain>(DocumentId);
        var pingFromB = grainsB.GetGrain<IPingGrain>("cross");
        if (!cluster.TryGetGrainContext(pingFromB.GetGrainId(), out var pingContext) || !siloA.SiloAddress.Equals(pingContext.Address.SiloAddress))
        {
            throw new InvalidOperationException("the ping grain is not on silo A");
        }

        for (var i = 0; i < run.Pick(30, 5); i++)
        {
            await pingFromB.PingAsync();
            await fromB.GetSnapshotAsync();
            await onA.GetSnapshotAsync();
        }

        var remote = new List<double>(samples);
        var ping = new List<double>(samples);
        var local = new List<double>(samples);
        DocumentState? last = null;
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await pingFromB.PingAsync();
            ping.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            last = await fromB.GetSnapshotAsync();
            remote.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            _ = await onA.GetSnapshotAsync();
            local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        if (last is null || last.Annotations.Length != Annotations || last.Version != full.Version)
        {
            throw new InvalidOperationException($"silo B read {last?.Annotations.Length} annotations at version {last?.Version}, expected {Annotations} at {full.Version}");
        }

        var wireBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(full, DomainSerialization.JsonOptions).Length;
        var value = Stats.Percentile(remote, 50);
        return
        [
            new Figure("cross-silo-snapshot-p50", value, "ms", Stats.Percentile(ping, 50),
                $"reported (no goal); GetSnapshotAsync of a {Annotations}-annotation state from silo B to the grain on silo A (2 silos in one process, in-memory transport, "
                + $"the domain codec: {wireBytes / 1024.0 / 1024:0.0} MiB of JSON); p99 {Stats.Percentile(remote, 99):0.##} ms; baseline = an empty grain call B -> A; "
                + $"the same read on silo A p50 {Stats.Percentile(local, 50) * 1000:0.#} us (by reference); n={samples} each, alternating"),
        ];
    }
}
