using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AnnotateHub.Runtime.Tests.Grains;
using AnnotateHub.Runtime.Tests.Infrastructure;

namespace AnnotateHub.Runtime.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task GivenAListener_WhenGrainsActivateAreCalledFailDeactivateAndNotify_ThenEveryInstrumentEmitsWithItsTypeTag()
    {
        var clock = new ManualTimeProvider();
        await using var runtime = TestRuntime.Create(clock);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == runtime.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, TagOf(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, TagOf(tags))));
        listener.Start();

        var counter = runtime.GrainFactory.GetGrain<ICounterGrain>("metrics");
        await counter.IncrementAsync().Within("increment");
        await counter.IncrementAsync().Within("second increment");
        var faulty = runtime.GrainFactory.GetGrain<IFaultyGrain>("metrics");
        await Assert.ThrowsAsync<GrainFailure>(() => faulty.ThrowAfterAwaitAsync(new GrainFailure("x")).Within("failing call"));
        var room = runtime.GrainFactory.GetGrain<IRoomGrain>("metrics");
        var observer = new RecordingObserver(expected: 1);
        await room.SubscribeAsync(runtime.GrainFactory.CreateObjectReference<IChatObserver>(observer)).Within("subscribe");
        await room.PublishAsync("hi").Within("publish");
        await observer.Received.Within("the observer's message");
        listener.RecordObservableInstruments();
        clock.Advance(TimeSpan.FromHours(1));
        await runtime.CollectIdleActivationsAsync().Within("collection");
        await Wait.Until(() => measurements.Any(m => m.Instrument == GrainRuntimeMetrics.ObserverDeliveries), "the delivery to be counted");

        bool Emitted(string instrument, string tag) => measurements.Any(m => m.Instrument == instrument && m.Tag == tag);
        Assert.True(Emitted(GrainRuntimeMetrics.ActivationsCreated, "counter"));
        Assert.True(Emitted(GrainRuntimeMetrics.Calls, "counter"));
        Assert.True(Emitted(GrainRuntimeMetrics.CallDuration, "counter"));
        Assert.True(Emitted(GrainRuntimeMetrics.CallFailures, "faulty"));
        Assert.False(Emitted(GrainRuntimeMetrics.CallFailures, "counter"));
        Assert.True(Emitted(GrainRuntimeMetrics.Activations, "counter"));
        Assert.True(Emitted(GrainRuntimeMetrics.QueuedCalls, "counter"));
        Assert.True(Emitted(GrainRuntimeMetrics.Deactivations, "counter"));
        Assert.True(Emitted(GrainRuntimeMetrics.ObserverDeliveries, "IChatObserver"));
        Assert.Equal(2, measurements.Where(m => m.Instrument == GrainRuntimeMetrics.Calls && m.Tag == "counter").Sum(m => m.Value));
        Assert.Equal(1, measurements.Single(m => m.Instrument == GrainRuntimeMetrics.Activations && m.Tag == "counter").Value);
    }

    [Fact]
    public async Task GivenAThrowingObserver_WhenNotified_ThenDeliveryFailuresAreCounted()
    {
        await using var runtime = TestRuntime.Create(new ManualTimeProvider());
        long failures = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == runtime.Meter && instrument.Name == GrainRuntimeMetrics.ObserverDeliveryFailures)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();
        var room = runtime.GrainFactory.GetGrain<IRoomGrain>("failing");
        await room.SubscribeAsync(runtime.GrainFactory.CreateObjectReference<IChatObserver>(new ThrowingObserver())).Within("subscribe");

        await room.PublishAsync("boom").Within("publish");

        await Wait.Until(() => Interlocked.Read(ref failures) == 1, "the failed delivery to be counted");
    }

    private static string? TagOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key is "grain.type" or "observer.type")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
