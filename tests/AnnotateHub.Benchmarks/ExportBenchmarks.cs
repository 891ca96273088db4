using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Reports;
using AnnotateHub.Storage;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// export-1000-{format}: ms and memory to export a workspace of 1,000 reviewed claims (<see cref="ExportWorkload"/>) the
/// way <c>ReportService</c> does it: the document states from their (active) grains over SQLite and the report made
/// by <see cref="ReportExporter"/>; for the backup, every document's event stream read from the store and written by
/// <see cref="WorkspaceBackup"/>. Display names come from a dictionary (the accounts database is left out).
/// </summary>
public static partial class ExportBenchmarks
{
    public static readonly string[] Figures =
    [
        "export-1000-html", "export-1000-public-html", "export-1000-markdown", "export-1000-csv", "export-1000-claimreview", "export-1000-w3c", "export-1000-backup",
        "export-1000-pdf",
    ];

    private static readonly (ReportFormat Format, string Name)[] TextFormats =
    [
        (ReportFormat.Html, "html"), (ReportFormat.PublicHtml, "public-html"), (ReportFormat.Markdown, "markdown"), (ReportFormat.Csv, "csv"),
        (ReportFormat.ClaimReview, "claimreview"), (ReportFormat.W3C, "w3c"),
    ];

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run)
    {
        var workload = ExportWorkload.Build();
        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("export-1000"));
        for (var d = 0; d < workload.States.Count; d++)
        {
            await Workload.AppendAsync(host.Store, workload.States[d].Id, 0, workload.Events[d]);
        }

        // Activate every grain once (as the server has them after the first read).
        foreach (var state in workload.States)
        {
            _ = await host.Document(state.Id).GetSnapshotAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var renderer = new PdfRenderer(new PdfOptions { TimeLimit = TimeSpan.FromMinutes(5), MaxConcurrent = 1 });
        var exporter = new ReportExporter(renderer);
        var describe = $"{workload.Claims:N0} claims in {workload.States.Count} documents, {workload.EventCount:N0} events";
        run.Log($"export-1000: {describe}");

        async Task<ReportContext> ContextAsync()
        {
            var states = new List<DocumentState>(workload.Workspace.Documents.Length);
            foreach (var listed in workload.Workspace.Documents)
            {
                states.Add(await host.Document(listed.Id).GetSnapshotAsync());
            }

            return ReportContext.ForWorkspace(workload.Workspace, states, id => ExportWorkload.Names.TryGetValue(id, out var n) ? n : id, now);
        }

        var figures = new List<Figure>();
        var warmUps = run.Pick(2, 1);
        var runs = run.Pick(7, 3);

        // Baseline of the text formats: the same states written as plain JSON by System.Text.Json (the snapshot serialiser).
        var json = await MeasureAsync(warmUps, runs, children: false, async () =>
        {
            var context = await ContextAsync();
            long bytes = 0;
            foreach (var state in context.Documents)
            {
                bytes += DomainJson.SerializeState(state).Length;
            }

            return bytes;
        });
        run.Log($"export-1000 baseline (states as JSON): {json.Summary}");

        foreach (var (format, name) in TextFormats)
        {
            var m = await MeasureAsync(warmUps, runs, children: false, async () => (await exporter.ExportAsync(format, await ContextAsync())).Content.Length);
            run.Log($"export-1000-{name}: {m.Summary}");
            figures.Add(new Figure($"export-1000-{name}", m.MedianMs, "ms", json.MedianMs,
                $"{Goal.AtMost(m.MedianMs, 1000)}; {m.Details}; {describe}; baseline = the same states as JSON (System.Text.Json, {json.OutputBytes / 1048576.0:0.0} MiB)"));
        }

        // Backup: the streams from the store. Baseline: the same reads, payloads copied into one buffer.
        var read = await MeasureAsync(warmUps, runs, children: false, async () =>
        {
            using var buffer = new MemoryStream();
            foreach (var listed in workload.Workspace.Documents)
            {
                foreach (var e in await host.Store.ReadAsync(DocumentStreams.StreamId(listed.Id)))
                {
                    buffer.Write(e.Data.Span);
                }
            }

            return buffer.Length;
        });
        var backup = await MeasureAsync(warmUps, runs, children: false, async () =>
        {
            var streams = new List<DocumentStream>(workload.Workspace.Documents.Length);
            foreach (var listed in workload.Workspace.Documents)
            {
                streams.Add(new DocumentStream(listed.Id, await host.Store.ReadAsync(DocumentStreams.StreamId(listed.Id))));
            }

            return WorkspaceBackup.Create(workload.Workspace, streams).Length;
        });
        run.Log($"export-1000-backup: {backup.Summary}; baseline (read the streams): {read.Summary}");
        figures.Add(new Figure("export-1000-backup", backup.MedianMs, "ms", read.MedianMs,
            $"{Goal.AtMost(backup.MedianMs, 1000)}; {backup.Details}; {describe}; baseline = reading the same streams from SQLite and copying the payloads ({read.OutputBytes / 1048576.0:0.0} MiB)"));

        if (!renderer.IsAvailable)
        {
            run.Log("export-1000-pdf skipped: no Chromium (set CHROMIUM_PATH)");
            return figures;
        }

        // PDF: Chromium printing the HTML report. Baseline: Chromium printing a trivial page (process start + print).
        var pdfRuns = run.Pick(3, 1);
        var trivial = await MeasureAsync(1, pdfRuns, children: true, async () => (await renderer.RenderAsync("<!DOCTYPE html><p>Hello.</p>")).Length);
        byte[]? last = null;
        var pdf = await MeasureAsync(0, pdfRuns, children: true, async () =>
        {
            last = (await exporter.ExportAsync(ReportFormat.Pdf, await ContextAsync())).Content;
            return last.Length;
        });
        var pages = Pages(last);
        run.Log($"export-1000-pdf: {pdf.Summary}, {pages} pages; baseline (trivial page): {trivial.Summary}");

        // The same with a tagged PDF (Reports:TaggedPdf=true), and as it was made before the print stylesheet: the screen
        // stylesheet with its @media print rules, tagged.
        var tagged = new PdfRenderer(new PdfOptions { TimeLimit = TimeSpan.FromMinutes(5), MaxConcurrent = 1, TaggedPdf = true });
        var taggedPdf = await MeasureAsync(0, 1, children: true, async () => (await new ReportExporter(tagged).ExportAsync(ReportFormat.Pdf, await ContextAsync())).Content.Length);
        run.Log($"export-1000-pdf tagged: {taggedPdf.Summary}");
        var before = await MeasureAsync(0, 1, children: true, async () => (await tagged.RenderAsync(HtmlReport.Render(await ContextAsync()))).Length);
        run.Log($"export-1000-pdf as before (screen stylesheet, tagged): {before.Summary}");

        figures.Add(new Figure("export-1000-pdf", pdf.MedianMs, "ms", trivial.MedianMs,
            $"{Goal.AtMost(pdf.MedianMs, 10000)}; {pdf.Details}, {pages} pages; {describe}; baseline = Chromium printing a one-line page; " +
            $"tagged (Reports:TaggedPdf=true): {taggedPdf.MedianMs:0} ms, {Mib(taggedPdf.OutputBytes)} MiB; " +
            $"as before this change (screen stylesheet with @media print, tagged): {before.MedianMs:0} ms"));
        return figures;
    }

    private static int Pages(byte[]? pdf) => pdf is null ? 0 : PdfPage().Count(Encoding.Latin1.GetString(pdf));

    private static string Mib(double bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs <paramref name="export"/> <paramref name="warmUps"/> times unmeasured, then <paramref name="runs"/> times, each
    /// after a full GC, sampling this process's working set (and, with <paramref name="children"/>, the resident memory
    /// of its child processes: Chromium) every 10 ms.
    /// </summary>
    private static async Task<Measurement> MeasureAsync(int warmUps, int runs, bool children, Func<Task<long>> export)
    {
        for (var i = 0; i < warmUps; i++)
        {
            await export();
        }

        var ms = new List<double>(runs);
        var allocated = new List<double>(runs);
        var peakDelta = new List<double>(runs);
        var childPeak = new List<double>(runs);
        long output = 0;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.WorkingSet64;
            using var sampler = new MemorySampler(children);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            output = await export();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
            var (peakSelf, peakChildren, samplerAllocated) = await sampler.StopAsync();
            ms.Add(elapsed);
            allocated.Add(Math.Max(0, allocatedAfter - allocatedBefore - samplerAllocated));
            peakDelta.Add(Math.Max(0, peakSelf - before));
            childPeak.Add(peakChildren);
        }

        return new Measurement(ms, Stats.Percentile(allocated, 50), Stats.Percentile(peakDelta, 50), Stats.Percentile(childPeak, 50), output);
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PdfPage();

    private sealed record Measurement(List<double> Ms, double AllocatedBytes, double PeakWorkingSetDelta, double PeakChildPss, long OutputBytes)
    {
        public double MedianMs => Stats.Percentile(Ms, 50);

        public string Details =>
            $"median of {Ms.Count} (min {Ms.Min():0.#}, max {Ms.Max():0.#} ms); " +
            $"memory: {Mib(AllocatedBytes)} MiB allocated, peak working set +{Mib(PeakWorkingSetDelta)} MiB" +
            (PeakChildPss > 0 ? $", Chromium peak {Mib(PeakChildPss)} MiB (PSS summed over its processes)" : string.Empty) +
            $"; output {Mib(OutputBytes)} MiB";

        public string Summary => $"{MedianMs:0.#} ms median; {Details}";
    }

    /// <summary>Samples peak memory on a background thread: this process's working set and its descendants' RSS (Linux /proc).</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<(long Self, long Children, long Allocated)> _loop;

        public MemorySampler(bool children)
        {
            _loop = Task.Factory.StartNew(() => Loop(children, _stop.Token), TaskCreationOptions.LongRunning);
        }

        /// <summary>Stops; the peaks, and what the sampling thread itself allocated (to leave out of the export's figure).</summary>
        public async Task<(long Self, long Children, long Allocated)> StopAsync()
        {
            await _stop.CancelAsync();
            return await _loop;
        }

        public void Dispose() => _stop.Dispose();

        private static (long Self, long Children, long Allocated) Loop(bool children, CancellationToken stop)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long self = 0;
            long tree = 0;
            var pid = Environment.ProcessId;
            do
            {
                self = Math.Max(self, Environment.WorkingSet);
                if (children)
                {
                    tree = Math.Max(tree, DescendantsPss(pid));
                }
            }
            while (!stop.WaitHandle.WaitOne(children ? 25 : 10));

            return (self, tree, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);

            static long DescendantsPss(int root)
            {
                if (!Directory.Exists("/proc"))
                {
                    return 0;
                }

                var parents = new Dictionary<int, int>();
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                    {
                        continue;
                    }

                    try
                    {
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        parents[p] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // the process ended meanwhile
                    }
                }

                long sum = 0;
                foreach (var (p, _) in parents)
                {
                    var ancestor = parents.GetValueOrDefault(p);
                    var depth = 0;
                    while (ancestor > 1 && ancestor != root && depth++ < 64)
                    {
                        ancestor = parents.GetValueOrDefault(ancestor);
                    }

                    if (ancestor == root)
                    {
                        sum += Pss(p);
                    }
                }

                return sum;
            }

            // Proportional set size: shared pages (Chromium's processes share most of their code) counted once overall.
            static long Pss(int p)
            {
                try
                {
                    foreach (var line in File.ReadLines($"/proc/{p}/smaps_rollup"))
                    {
                        if (line.StartsWith("Pss:", StringComparison.Ordinal))
                        {
                            return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // the process ended meanwhile
                }

                return 0;
            }
        }
    }
}
