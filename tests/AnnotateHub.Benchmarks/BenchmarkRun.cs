using System.Globalization;

namespace AnnotateHub.Benchmarks;

/// <summary>One run of the command: its mode and its temporary folder (every SQLite file lives there; deleted at the end).</summary>
public sealed class BenchmarkRun : IDisposable
{
    private readonly Lock _postgresGate = new();
    private int _files;
    private Task<PostgresServer>? _postgres;

    public BenchmarkRun(bool quick)
    {
        Quick = quick;
        Folder = Path.Combine(Path.GetTempPath(), "annotatehub-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Console.CancelKeyPress += OnCancel;
    }

    /// <summary>Fewer samples and shorter windows (the whole run under a minute).</summary>
    public bool Quick { get; }

    public string Mode => Quick ? "quick" : "full";

    /// <summary>The temporary folder of this run.</summary>
    public string Folder { get; }

    /// <summary>Picks the full-run or the quick-run value.</summary>
    public T Pick<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>A path for a new database file in this run's folder.</summary>
    public string NewDatabasePath(string name) =>
        Path.Combine(Folder, $"{Interlocked.Increment(ref _files).ToString("00", CultureInfo.InvariantCulture)}-{name}.db");

    /// <summary>Progress and diagnostics, on stderr so that stdout holds only the header and the figures.</summary>
    public void Log(string message) => Console.Error.WriteLine("# " + message);

    /// <summary>
    /// The PostgreSQL server of the PostgreSQL figures, found or started on first use (see <see cref="PostgresServer"/>)
    /// and shared by them; a server this run started is stopped when the run ends.
    /// </summary>
    public Task<PostgresServer> PostgresAsync()
    {
        lock (_postgresGate)
        {
            return _postgres ??= PostgresServer.StartAsync(this);
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        StopPostgres();
        DeleteFolder();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        StopPostgres();
        DeleteFolder();
    }

    private void StopPostgres()
    {
        Task<PostgresServer>? postgres;
        lock (_postgresGate)
        {
            postgres = _postgres;
            _postgres = null;
        }

        if (postgres is { IsCompletedSuccessfully: true })
        {
            postgres.Result.Dispose();
        }
    }

    private void DeleteFolder()
    {
        try
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"# could not delete {Folder}: {exception.Message}");
        }
    }
}

/// <summary>A benchmark: the figures it prints and how to measure them.</summary>
public sealed record Benchmark(string Name, string[] Figures, Func<BenchmarkRun, Task<IReadOnlyList<Figure>>> Run);

/// <summary>Every benchmark, in the order they run.</summary>
public static class Suite
{
    public static IReadOnlyList<Benchmark> All { get; } =
    [
        new("grain call", ["grain-call-p50"], GrainCallBenchmarks.RunAsync),
        new("commit latency", ["commit-p50", "commit-p99"], CommitBenchmarks.RunLatencyAsync),
        new("concurrent commits", ["commit-concurrent"], CommitBenchmarks.RunConcurrentAsync),
        new("cold activation", ["activation-10k"], ActivationBenchmarks.RunColdActivationAsync),
        new("idle activation memory", ["idle-activation-bytes"], ActivationBenchmarks.RunIdleMemoryAsync),
        new("cross-silo snapshot", ["cross-silo-snapshot-p50"], CrossSiloBenchmarks.RunAsync),
        new("live fan-out", ["live-fanout-1-p99", "live-fanout-50-p99", "live-fanout-200-p99"], LiveViewBenchmarks.RunFanOutAsync),
        new("session memory", ["session-memory"], LiveViewBenchmarks.RunSessionMemoryAsync),
        new("open 2,000", ["open-2000"], LiveViewBenchmarks.RunOpenAsync),
        new("live browser", ["live-browser-10-p99", "open-2000-browser"], LiveBrowserBenchmarks.RunAsync),
        new("export 1,000 claims", ExportBenchmarks.Figures, ExportBenchmarks.RunAsync),
        new("audit verify 100,000 events", ["audit-verify-100k"], AuditBenchmarks.RunAsync),
        new("my work over 10,000 claims", ["queue-open-p50"], ActivityBenchmarks.RunQueueOpenAsync),
        new("workspace list of 1,000", ["workspace-list-1000"], ActivityBenchmarks.RunWorkspaceListAsync),
        new("public page", ["public-page-p50"], PublicPageBenchmarks.RunAsync),
        new("PostgreSQL commit latency", ["pg-commit-p50"], PostgresBenchmarks.RunCommitAsync),
        new("cross-node fan-out", ["cross-node-fanout-p99"], PostgresBenchmarks.RunCrossNodeFanOutAsync),
        new("failover", ["failover-seconds"], ClusterBenchmarks.RunFailoverAsync),
        new("cluster throughput", ["cluster-throughput"], ClusterBenchmarks.RunThroughputAsync),
    ];
}

/// <summary>The goals, written into each figure's note as "goal ...: met|MISSED".</summary>
public static class Goal
{
    public static string AtMost(double actual, double goal, string what = "value") =>
        $"goal {what}<={Format(goal)}: {(actual <= goal ? "met" : "MISSED")}";

    public static string AtLeast(double actual, double goal, string what = "value") =>
        $"goal {what}>={Format(goal)}: {(actual >= goal ? "met" : "MISSED")}";

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
