using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Diagnostics;

/// <summary>
/// The web host's instruments on AnnotateHub's meter (<see cref="GrainMetrics.MeterName"/>): live sessions and documents,
/// the in-process fan-out of document changes to sessions, and event-store call latency.
/// </summary>
public static class WebMetrics
{
    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private static readonly ConcurrentDictionary<DocumentSubscriptions, byte> Nodes = new();

    private static readonly Histogram<double> FanOut = GrainMetrics.Meter.CreateHistogram<double>(
        "annotatehub.fanout.duration", unit: "s",
        description: "From a document change notification reaching this node to one session's handler starting on it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> Store = GrainMetrics.Meter.CreateHistogram<double>(
        "annotatehub.store.duration", unit: "s",
        description: "Event store calls (operation: append, read, version, save_snapshot, load_snapshot, list_streams; outcome: ok or error).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    static WebMetrics()
    {
        GrainMetrics.Meter.CreateObservableGauge(
            "annotatehub.live.sessions", () => Nodes.Keys.Sum(n => n.SessionCount), unit: "{session}",
            description: "Browser sessions with a document open on this node.");
        GrainMetrics.Meter.CreateObservableGauge(
            "annotatehub.live.documents", () => Nodes.Keys.Sum(n => n.DocumentCount), unit: "{document}",
            description: "Documents this node holds a live subscription to.");
    }

    /// <summary>Counts <paramref name="node"/>'s sessions and documents in the live gauges until the result is disposed.</summary>
    public static IDisposable Track(DocumentSubscriptions node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Nodes.TryAdd(node, 0);
        return new Untrack(node);
    }

    /// <summary>Records one session delivery of a change that reached this node at <paramref name="receivedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void RecordFanOut(long receivedAt) => FanOut.Record(Stopwatch.GetElapsedTime(receivedAt).TotalSeconds);

    internal static void RecordStore(string operation, long startedAt, bool ok) =>
        Store.Record(
            Stopwatch.GetElapsedTime(startedAt).TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));

    private sealed class Untrack(DocumentSubscriptions node) : IDisposable
    {
        public void Dispose() => Nodes.TryRemove(node, out _);
    }
}

/// <summary>Puts the node's <see cref="DocumentSubscriptions"/> into the live-session gauges while the host runs.</summary>
internal sealed class LiveSessionTracking(DocumentSubscriptions subscriptions) : IHostedService
{
    private IDisposable? _tracking;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _tracking = WebMetrics.Track(subscriptions);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracking?.Dispose();
        return Task.CompletedTask;
    }
}
