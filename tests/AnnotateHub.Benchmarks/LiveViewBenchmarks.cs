using System.Diagnostics;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Components.Shared;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.Web.HtmlRendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor.Services;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The live document view in process: the real grain, the real <see cref="DocumentFeed"/> (one per session, subscribed
/// through the runtime's observer path), and one Blazor <see cref="HtmlRenderer"/> per session (its own dispatcher, as
/// each circuit has) rendering <see cref="LiveDocumentView"/> with the web app's AnnotationCard children.
/// </summary>
public static class LiveViewBenchmarks
{
    private const int DocumentAnnotations = 200;

    /// <summary>live-fanout-{1,50,200}-p99: ms from the commit call until the change is applied and rendered in every session.</summary>
    public static async Task<IReadOnlyList<Figure>> RunFanOutAsync(BenchmarkRun run)
    {
        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("live-fanout"));
        var documentId = await Workload.CreateDocumentAsync(host, "doc-live", DocumentAnnotations, 1500);
        var writer = new Writer(host.Document(documentId));
        using var services = new SessionServices();

        var figures = new List<Figure>();
        foreach (var (sessions, changes, budget) in new[]
                 {
                     (1, run.Pick(300, 40), run.Pick(10.0, 3.0)),
                     (50, run.Pick(300, 40), run.Pick(15.0, 3.0)),
                     (200, run.Pick(1000, 100), run.Pick(120.0, 10.0)),
                 })
        {
            var least = sessions == 200 ? changes : run.Pick(3, 2); // 200: always the full count, so that the p99 is not one maximum
            var counter = await MeasureAsync(host, documentId, writer, services, sessions, changes, budget, least, live: false);

            var live = await MeasureAsync(host, documentId, writer, services, sessions, changes, budget, least, live: true);
            var value = Stats.Percentile(live.AllRendered, 99);
            var baseline = Stats.Percentile(counter.AllRendered, 99);
            var ratio = value / baseline;
            figures.Add(new Figure($"live-fanout-{sessions}-p99", value, "ms", baseline,
                $"{Goal.AtMost(value, 100)}, {Goal.AtMost(ratio, 3, "ratio")}; until the last of {sessions} sessions rendered; " +
                $"p50 {Stats.Percentile(live.AllRendered, 50):0.##} ms, per-session p99 {Stats.Percentile(live.PerSession, 99):0.##} ms; " +
                $"n={live.AllRendered.Count} changes (highlight/reply alternating) on a {live.Annotations}-annotation document; " +
                $"process CPU {live.CpuMsPerChange:0.#} ms/change (counter {counter.CpuMsPerChange:0.##}); counter p50 {Stats.Percentile(counter.AllRendered, 50):0.##} ms"));
            run.Log($"live-fanout-{sessions}: live p99 {value:0.##} ms over {live.AllRendered.Count}, counter p99 {baseline:0.##} ms over {counter.AllRendered.Count}");
        }

        return figures;
    }

    /// <summary>session-memory: managed KB per session (renderer + component tree + feed) on a 200-annotation document, after one change.</summary>
    public static async Task<IReadOnlyList<Figure>> RunSessionMemoryAsync(BenchmarkRun run)
    {
        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("session-memory"));
        var documentId = await Workload.CreateDocumentAsync(host, "doc-memory", DocumentAnnotations, 1500);
        var writer = new Writer(host.Document(documentId));
        using var services = new SessionServices();
        var count = run.Pick(100, 30);

        await using var warm = await SessionSet.OpenAsync(host, documentId, services, 5, live: true);
        await writer.ChangeAsync(warm.Tracker);
        var before = SettledHeapBytes();
        await using var sessions = await SessionSet.OpenAsync(host, documentId, services, count, live: true);
        var opened = SettledHeapBytes();
        await writer.ChangeAsync(sessions.Tracker, warm.Tracker);
        var changed = SettledHeapBytes();

        var openedKb = (opened - before) / 1024.0 / count;
        var changedKb = (changed - before) / 1024.0 / count;
        var state = await host.Document(documentId).GetSnapshotAsync();
        return
        [
            new Figure("session-memory", changedKb, "KB", null,
                $"{Goal.AtMost(changedKb, 300)}; {count} sessions, {state.Annotations.Length} annotations, {state.Text.Length}-char text; " +
                $"{openedKb:0.#} KB each right after opening, {changedKb:0.#} KB after one change (all sessions share one DocumentView per version: " +
                $"state, layout, text-ordered list); managed heap only: no SignalR connection, circuit or DI scope"),
        ];
    }

    /// <summary>open-2000: ms from asking the (active) grain for the document to the first render (2,000 highlights, the first window of cards) and the feed subscribed.</summary>
    public static async Task<IReadOnlyList<Figure>> RunOpenAsync(BenchmarkRun run)
    {
        const int Annotations = 2000;
        await using var host = await DocumentHost.OpenAsync(run.NewDatabasePath("open-2000"));
        var documentId = await Workload.CreateDocumentAsync(host, "doc-open", Annotations, 6000);
        var baselineId = await Workload.CreateDocumentAsync(host, "doc-open-empty", 0, 6000);
        using var services = new SessionServices();
        var warmUps = run.Pick(2, 1);
        var runs = run.Pick(7, 3);
        var open = new List<double>();
        var empty = new List<double>();
        var html = new List<double>();
        var htmlChars = 0;
        for (var i = 0; i < warmUps + runs; i++)
        {
            var (ms, htmlMs, chars) = await OpenOnceAsync(host, documentId, services, Annotations);
            var (emptyMs, _, _) = await OpenOnceAsync(host, baselineId, services, 0);
            if (i >= warmUps)
            {
                open.Add(ms);
                empty.Add(emptyMs);
                html.Add(htmlMs);
                htmlChars = chars;
            }
        }

        var value = Stats.Percentile(open, 50);
        return
        [
            new Figure("open-2000", value, "ms", Stats.Percentile(empty, 50),
                $"{Goal.AtMost(value, 1000)}; in process: grain snapshot + fold + layout (a cold DocumentViews: the first reader's cost) + first render and diff of the tree (all highlights, the first window of cards) + feed subscribed, median of {runs} (max {open.Max():0.#}); " +
                $"baseline = the same text with no annotation; writing that tree as HTML (a prerender) takes another {Stats.Percentile(html, 50):0.#} ms for {htmlChars / 1024.0 / 1024:0.0} MiB; " +
                "excludes the circuit's render-batch serialisation, the wire and the browser (see open-2000-browser)"),
        ];
    }

    private static async Task<(double Ms, double HtmlMs, int HtmlChars)> OpenOnceAsync(DocumentHost host, string documentId, SessionServices services, int expected)
    {
        CollectGarbage();
        services.ForgetViews();
        var started = Stopwatch.GetTimestamp();
        var state = await host.Document(documentId).GetSnapshotAsync();
        await using var session = await Session.OpenAsync(host, documentId, state, services, new RenderTracker(1), 0, live: true);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (session.View!.CardCount != expected)
        {
            throw new InvalidOperationException($"rendered {session.View.CardCount} cards, expected {expected}");
        }

        var htmlStarted = Stopwatch.GetTimestamp();
        var html = await session.ToHtmlAsync();
        var htmlMs = Stopwatch.GetElapsedTime(htmlStarted).TotalMilliseconds;
        var cards = CountOf(html, "data-annotation-id=");
        var window = expected > CardList.WindowAbove ? CardList.WindowSize : expected;
        if (cards != window)
        {
            throw new InvalidOperationException($"the HTML has {cards} cards, expected the first {window} of {expected}");
        }

        return (elapsed, htmlMs, html.Length);
    }

    /// <summary>
    /// Opens <paramref name="count"/> sessions on <paramref name="host"/> (rendered live views, or counters), warms up, then
    /// makes changes through <paramref name="writer"/> (5 ms apart) and times each until every session has rendered it:
    /// at least <paramref name="least"/>, then as many of <paramref name="changes"/> as the budget allows.
    /// </summary>
    internal static async Task<Series> MeasureAsync(
        ILiveNode host, string documentId, Writer writer, SessionServices services, int count, int changes, double budgetSeconds, int least, bool live)
    {
        await using var sessions = await SessionSet.OpenAsync(host, documentId, services, count, live);
        for (var i = 0; i < (count > 50 ? 1 : 3); i++)
        {
            await writer.ChangeAsync(sessions.Tracker); // warm-up
        }

        sessions.Tracker.PerSession.Clear();

        var all = new List<double>();
        var cpu = TimeSpan.Zero;
        var window = Stopwatch.StartNew();
        while (all.Count < changes && (all.Count < least || window.Elapsed.TotalSeconds < budgetSeconds))
        {
            await Task.Delay(5);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            all.Add(await writer.ChangeAsync(sessions.Tracker));
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        }

        if (live)
        {
            var html = await sessions.Items[^1].ToHtmlAsync();
            var state = await host.Document(documentId).GetSnapshotAsync();
            var expected = state.Annotations.Count(a => !a.Deleted);
            var shown = expected > CardList.WindowAbove ? CardList.WindowSize : expected;
            if (CountOf(html, "data-annotation-id=") != shown || !html.Contains($"data-total=\"{expected}\"", StringComparison.Ordinal) ||
                !html.Contains($"data-version=\"{state.Version}\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the last session does not show version {state.Version} with {shown} cards of {expected}");
            }
        }

        sessions.Tracker.ThrowIfFailed();
        var annotations = (await host.Document(documentId).GetSnapshotAsync()).Annotations.Length;
        return new Series(all, [.. sessions.Tracker.PerSession], cpu.TotalMilliseconds / all.Count, annotations);
    }

    private static long SettledHeapBytes()
    {
        CollectGarbage();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void CollectGarbage()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static int CountOf(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    internal sealed record Series(List<double> AllRendered, List<double> PerSession, double CpuMsPerChange, int Annotations);

    /// <summary>Commits alternating highlights and replies through the grain, and waits until every session has rendered each.</summary>
    internal sealed class Writer(IDocumentGrain grain)
    {
        private int _n;

        public async Task<double> ChangeAsync(RenderTracker tracker, RenderTracker? also = null)
        {
            var state = await grain.GetSnapshotAsync();
            var next = state.Version + 1;
            var n = Interlocked.Increment(ref _n);
            var started = Stopwatch.GetTimestamp();
            var done = tracker.Expect(next, started);
            var alsoDone = also?.Expect(next, started) ?? Task.CompletedTask;
            var change = n % 2 == 1
                ? await grain.HighlightAsync(Workload.Highlight(100_000 + n, state.TextIndex.CodePointLength) with { AnnotationId = $"live-{n}" })
                : await grain.ReplyAsync(new AddReply(Workload.Reviewer, state.Annotations[n % state.Annotations.Length].Id, $"rep-live-{n}", $"Checked against the release, take {n}."));
            if (change.Version != next)
            {
                throw new InvalidOperationException($"expected version {next}, the grain answered {change.Version}");
            }

            await done.WaitAsync(TimeSpan.FromSeconds(60));
            await alsoDone.WaitAsync(TimeSpan.FromSeconds(60));
            return tracker.LastMilliseconds;
        }
    }

    /// <summary>Collects, for the version being waited for, when each session finished rendering it.</summary>
    internal sealed class RenderTracker(int sessions)
    {
        private readonly Lock _lock = new();
        private readonly List<Exception> _failures = [];
        private long _expected = -1;
        private long _started;
        private int _remaining;
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<double> PerSession { get; } = [];

        public double LastMilliseconds { get; private set; }

        public Task Expect(long version, long started)
        {
            lock (_lock)
            {
                _expected = version;
                _started = started;
                _remaining = sessions;
                _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _done.Task;
            }
        }

        public void Rendered(long version)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (version != _expected)
                {
                    return;
                }

                var ms = Stopwatch.GetElapsedTime(_started, now).TotalMilliseconds;
                PerSession.Add(ms);
                if (--_remaining == 0)
                {
                    LastMilliseconds = ms;
                    _done.TrySetResult();
                }
            }
        }

        public void Failed(Exception exception)
        {
            lock (_lock)
            {
                _failures.Add(exception);
                _done.TrySetException(exception);
            }
        }

        public void ThrowIfFailed()
        {
            lock (_lock)
            {
                if (_failures.Count > 0)
                {
                    throw new AggregateException(_failures);
                }
            }
        }
    }

    /// <summary>What a circuit's DI container gives the components: the People singleton (names cached) and logging.</summary>
    internal sealed class SessionServices : IDisposable
    {
        public SessionServices()
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<People>();
            services.AddSingleton(DomainLimits.Default); // the cards' field limits (the app binds Documents:Limits)
            services.AddSingleton<IJSRuntime, ServerOnlyJsRuntime>();
            services.AddMudServices(); // as the app: cards confirm through IDialogService and report through ISnackbar
            services.AddSingleton<NavigationManager, BenchNavigationManager>(); // the snackbar service asks for one
            Provider = services.BuildServiceProvider();
            People = Provider.GetRequiredService<People>();
            People.Register(new Person(Workload.Reviewer.UserId, Workload.Reviewer.DisplayName ?? "Bench Reviewer"));
            Views = new DocumentViews(TimeProvider.System);
        }

        /// <summary>The web app's singleton: one folded, laid-out view per document version, shared by all sessions.</summary>
        public DocumentViews Views { get; private set; }

        /// <summary>A cold start: the next session on a document folds and lays it out itself, as the first reader does.</summary>
        public void ForgetViews() => Views = new DocumentViews(TimeProvider.System);

        public ServiceProvider Provider { get; }

        public People People { get; }

        public ILoggerFactory LoggerFactory => Provider.GetRequiredService<ILoggerFactory>();

        public void Dispose() => Provider.Dispose();
    }

    /// <summary>
    /// The cards inject <see cref="IJSRuntime"/> (to clear a sent reply's draft in the browser). Sessions here render on
    /// the server only and send nothing, so nothing calls it; a call would be a change in what is measured, and fails.
    /// </summary>
    /// <summary>A navigation manager at a fixed address: a benchmark session never navigates.</summary>
    private sealed class BenchNavigationManager : NavigationManager
    {
        public BenchNavigationManager() => Initialize("http://bench.invalid/", "http://bench.invalid/");
    }

    private sealed class ServerOnlyJsRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException($"a benchmark session has no browser (JS call '{identifier}')");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            InvokeAsync<TValue>(identifier, args);
    }

    internal sealed class SessionSet : IAsyncDisposable
    {
        private SessionSet(RenderTracker tracker, List<Session> items)
        {
            Tracker = tracker;
            Items = items;
        }

        public RenderTracker Tracker { get; }

        public List<Session> Items { get; }

        public static async Task<SessionSet> OpenAsync(ILiveNode host, string documentId, SessionServices services, int count, bool live)
        {
            var tracker = new RenderTracker(count);
            var items = new List<Session>(count);
            for (var i = 0; i < count; i++)
            {
                var state = await host.Document(documentId).GetSnapshotAsync();
                items.Add(await Session.OpenAsync(host, documentId, state, services, tracker, i, live));
            }

            return new SessionSet(tracker, items);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var item in Items)
            {
                await item.DisposeAsync();
            }
        }
    }

    /// <summary>One browser tab's server side: a renderer (its own dispatcher), the rendered view and its DocumentFeed.</summary>
    internal sealed class Session : IAsyncDisposable
    {
        private readonly HtmlRenderer _renderer;
        private readonly DocumentFeed _feed;
        private readonly HtmlRootComponent _root;

        private Session(HtmlRenderer renderer, DocumentFeed feed, HtmlRootComponent root, LiveDocumentView? view)
        {
            _renderer = renderer;
            _feed = feed;
            _root = root;
            View = view;
        }

        public LiveDocumentView? View { get; }

        public static async Task<Session> OpenAsync(
            ILiveNode host, string documentId, DocumentState state, SessionServices services, RenderTracker tracker, int index, bool live)
        {
            var renderer = new HtmlRenderer(services.Provider, services.LoggerFactory);
            LiveDocumentView? view = null;
            CounterView? counter = null;
            var rendered = (Action<long>)tracker.Rendered;
            var root = await renderer.Dispatcher.InvokeAsync(() => live
                ? renderer.RenderComponentAsync<LiveDocumentView>(ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(LiveDocumentView.Document)] = state,
                    [nameof(LiveDocumentView.Actor)] = Workload.Reviewer,
                    [nameof(LiveDocumentView.People)] = services.People,
                    [nameof(LiveDocumentView.Views)] = services.Views,
                    [nameof(LiveDocumentView.Attach)] = (Action<LiveDocumentView>)(v => view = v),
                    [nameof(LiveDocumentView.Rendered)] = rendered,
                    [nameof(LiveDocumentView.Failed)] = (Action<Exception>)tracker.Failed,
                }))
                : renderer.RenderComponentAsync<CounterView>(ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(CounterView.Attach)] = (Action<CounterView>)(c => counter = c),
                    [nameof(CounterView.Rendered)] = rendered,
                })));

            // what DocumentPage does in OnAfterRenderAsync: subscribe through the real DocumentFeed
            var feed = host.NewFeed();
            if (view is not null)
            {
                await feed.StartAsync(documentId, view.OnChangeAsync, view.OnPresenceAsync);
            }
            else
            {
                await feed.StartAsync(documentId, counter!.OnChangeAsync);
            }

            _ = index;
            return new Session(renderer, feed, root, view);
        }

        public Task<string> ToHtmlAsync() => _renderer.Dispatcher.InvokeAsync(() => _root.ToHtmlString());

        public async ValueTask DisposeAsync()
        {
            await DocumentHost.LeaveAsync(_feed);
            await _renderer.DisposeAsync();
        }
    }
}
