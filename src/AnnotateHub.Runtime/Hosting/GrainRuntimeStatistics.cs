using System.Collections.Immutable;

namespace AnnotateHub.Runtime;

/// <summary>Read-only view of the runtime for an operations page.</summary>
public interface IGrainRuntimeInspector
{
    /// <summary>A snapshot of activations, queues and totals.</summary>
    GrainRuntimeStatistics GetStatistics();
}

/// <summary>A snapshot of the runtime. Counts of live things are exact at some instant close to <see cref="Timestamp"/>, not all at the same one.</summary>
/// <param name="Timestamp">When the snapshot was taken (runtime clock).</param>
/// <param name="GrainTypes">Per grain class, ordered by grain type name.</param>
/// <param name="Activations">Activations alive.</param>
/// <param name="QueuedCalls">Calls waiting for their turn.</param>
/// <param name="Calls">Calls run since start.</param>
/// <param name="FailedCalls">Calls failed (exception, cancellation, timeout) since start.</param>
/// <param name="ActivationsCreated">Activations started since start.</param>
/// <param name="Deactivations">Activations deactivated since start.</param>
/// <param name="Observers">Observer references.</param>
public sealed record GrainRuntimeStatistics(
    DateTimeOffset Timestamp,
    ImmutableArray<GrainTypeStatistics> GrainTypes,
    int Activations,
    int QueuedCalls,
    long Calls,
    long FailedCalls,
    long ActivationsCreated,
    long Deactivations,
    ObserverStatistics Observers);

/// <summary>One grain class.</summary>
/// <param name="GrainType">The grain type name, e.g. <c>document</c>.</param>
/// <param name="GrainClass">The class's full name.</param>
/// <param name="Activations">Activations alive.</param>
/// <param name="BusyActivations">Activations running a call (or activating, or deactivating).</param>
/// <param name="QueuedCalls">Calls waiting for their turn.</param>
/// <param name="Calls">Calls run since start.</param>
/// <param name="FailedCalls">Calls failed since start.</param>
/// <param name="ActivationsCreated">Activations started since start.</param>
/// <param name="Deactivations">Activations deactivated since start.</param>
public sealed record GrainTypeStatistics(
    string GrainType,
    string GrainClass,
    int Activations,
    int BusyActivations,
    int QueuedCalls,
    long Calls,
    long FailedCalls,
    long ActivationsCreated,
    long Deactivations);

/// <summary>Observer references.</summary>
/// <param name="ReferencesCreated">References made since start.</param>
/// <param name="ReferencesDeleted">References deleted by their owner since start.</param>
/// <param name="ReferencesDropped">References dropped for failing or falling behind since start.</param>
/// <param name="PendingDeliveries">Calls waiting to be delivered.</param>
/// <param name="Deliveries">Calls delivered since start.</param>
/// <param name="DeliveryFailures">Deliveries failed or timed out since start.</param>
public sealed record ObserverStatistics(
    long ReferencesCreated,
    long ReferencesDeleted,
    long ReferencesDropped,
    long PendingDeliveries,
    long Deliveries,
    long DeliveryFailures);
