using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AnnotateHub.Runtime;

/// <summary>Names of the runtime's meter and instruments. Grain instruments carry the tag <c>grain.type</c>, observer instruments <c>observer.type</c>.</summary>
public static class GrainRuntimeMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "AnnotateHub.Runtime";

    /// <summary>Counter: activations started.</summary>
    public const string ActivationsCreated = "annotatehub.grain.activations.created";

    /// <summary>Counter: activations deactivated (idle, asked for, after an inconsistent state, shutdown).</summary>
    public const string Deactivations = "annotatehub.grain.deactivations";

    /// <summary>Observable up-down counter: activations alive now.</summary>
    public const string Activations = "annotatehub.grain.activations";

    /// <summary>Observable gauge: calls waiting in activation queues now.</summary>
    public const string QueuedCalls = "annotatehub.grain.calls.queued";

    /// <summary>Counter: grain calls made.</summary>
    public const string Calls = "annotatehub.grain.calls";

    /// <summary>Counter: grain calls that failed (exception, cancellation or timeout).</summary>
    public const string CallFailures = "annotatehub.grain.call.failures";

    /// <summary>Histogram (ms): grain call duration as the caller sees it, queueing included.</summary>
    public const string CallDuration = "annotatehub.grain.call.duration";

    /// <summary>Counter: observer calls delivered.</summary>
    public const string ObserverDeliveries = "annotatehub.observer.deliveries";

    /// <summary>Counter: observer deliveries that failed or timed out.</summary>
    public const string ObserverDeliveryFailures = "annotatehub.observer.delivery.failures";

    /// <summary>Counter: observer references dropped for failing or falling behind.</summary>
    public const string ObserversDropped = "annotatehub.observer.dropped";
}

/// <summary>The runtime's instruments. Recording is skipped cheaply when nothing listens.</summary>
internal sealed class RuntimeInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _deactivations;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _callFailures;
    private readonly Histogram<double> _callDuration;
    private readonly Counter<long> _observerDeliveries;
    private readonly Counter<long> _observerFailures;
    private readonly Counter<long> _observersDropped;

    public RuntimeInstruments(IMeterFactory? meterFactory, IReadOnlyList<GrainClassInfo> classes)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(GrainRuntimeMetrics.MeterName) ?? new Meter(GrainRuntimeMetrics.MeterName);
        _activationsCreated = _meter.CreateCounter<long>(GrainRuntimeMetrics.ActivationsCreated, "{activation}", "Grain activations started.");
        _deactivations = _meter.CreateCounter<long>(GrainRuntimeMetrics.Deactivations, "{activation}", "Grain activations deactivated.");
        _calls = _meter.CreateCounter<long>(GrainRuntimeMetrics.Calls, "{call}", "Grain calls made.");
        _callFailures = _meter.CreateCounter<long>(GrainRuntimeMetrics.CallFailures, "{call}", "Grain calls that failed or timed out.");
        _callDuration = _meter.CreateHistogram<double>(GrainRuntimeMetrics.CallDuration, "ms", "Grain call duration seen by the caller.");
        _observerDeliveries = _meter.CreateCounter<long>(GrainRuntimeMetrics.ObserverDeliveries, "{call}", "Observer calls delivered.");
        _observerFailures = _meter.CreateCounter<long>(GrainRuntimeMetrics.ObserverDeliveryFailures, "{call}", "Observer deliveries that failed or timed out.");
        _observersDropped = _meter.CreateCounter<long>(GrainRuntimeMetrics.ObserversDropped, "{observer}", "Observer references dropped.");
        _meter.CreateObservableUpDownCounter(
            GrainRuntimeMetrics.Activations,
            () => classes.Select(c => new Measurement<long>(Volatile.Read(ref c.ActiveCount), c.Tag)),
            "{activation}",
            "Grain activations alive.");
        _meter.CreateObservableGauge(
            GrainRuntimeMetrics.QueuedCalls,
            () => classes.Select(c => new Measurement<long>(c.Activations.Values.Sum(a => (long)a.QueuedCount), c.Tag)),
            "{call}",
            "Grain calls waiting for their turn.");
    }

    /// <summary>The meter, so tests and tools can tell this runtime's instruments from others'.</summary>
    public Meter Meter => _meter;

    /// <summary>Counts a call; returns a start timestamp when durations are recorded, else 0.</summary>
    public long CallStarted(GrainClassInfo grainClass)
    {
        if (_calls.Enabled)
        {
            _calls.Add(1, grainClass.Tag);
        }

        return _callDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
    }

    public void CallSucceeded(GrainClassInfo grainClass, long started)
    {
        if (started != 0)
        {
            _callDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, grainClass.Tag);
        }
    }

    public void CallFailed(GrainClassInfo grainClass, long started)
    {
        Interlocked.Increment(ref grainClass.FailedCalls);
        _callFailures.Add(1, grainClass.Tag);
        CallSucceeded(grainClass, started);
    }

    public void ActivationCreated(GrainClassInfo grainClass) => _activationsCreated.Add(1, grainClass.Tag);

    public void Deactivated(GrainClassInfo grainClass) => _deactivations.Add(1, grainClass.Tag);

    public void ObserverDelivered(ObserverInterfaceInfo observer) => _observerDeliveries.Add(1, observer.Tag);

    public void ObserverFailed(ObserverInterfaceInfo observer) => _observerFailures.Add(1, observer.Tag);

    public void ObserverDropped(ObserverInterfaceInfo observer) => _observersDropped.Add(1, observer.Tag);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
