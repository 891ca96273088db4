using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AnnotateHub.Grains;

/// <summary>
/// AnnotateHub's own meter (<see cref="MeterName"/>), shared by the grains and the web host, and the grains' instruments:
/// document commits and how long their durable append took. Static, like the runtime's own meters: one per process,
/// whatever the number of hosts in it.
/// </summary>
public static class GrainMetrics
{
    /// <summary>The meter's name (what an OpenTelemetry <c>AddMeter</c> call names).</summary>
    public const string MeterName = "AnnotateHub";

    /// <summary>The meter every AnnotateHub instrument is created on.</summary>
    public static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Commits = Meter.CreateCounter<long>(
        "annotatehub.document.commits", unit: "{commit}",
        description: "Document commands whose events were appended to the store (outcome: committed or conflict).");

    private static readonly Counter<long> CommittedEvents = Meter.CreateCounter<long>(
        "annotatehub.document.committed_events", unit: "{event}",
        description: "Events appended to document streams.");

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "annotatehub.document.commit.duration", unit: "s",
        description: "Time of the durable append of one document command, measured in the document grain.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    /// <summary>Records one append that started at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void RecordCommit(long startedAt, int events, bool committed)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", committed ? "committed" : "conflict");
        CommitDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, outcome);
        Commits.Add(1, outcome);
        if (committed)
        {
            CommittedEvents.Add(events);
        }
    }
}
