using Microsoft.Extensions.Logging;

namespace AnnotateHub.Runtime;

/// <summary>The runtime's log messages.</summary>
internal sealed partial class RuntimeLog(ILogger logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activated {GrainId}.")]
    public partial void Activated(GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation of {GrainId} failed; its waiting calls get the exception.")]
    public partial void ActivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated {GrainId}: {Reason}.")]
    public partial void Deactivated(GrainId grainId, DeactivationReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deactivating {GrainId} threw.")]
    public partial void DeactivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId} did not finish deactivating within {Timeout}; abandoned.")]
    public partial void Abandoned(GrainId grainId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Method} on {GrainId} timed out after {Timeout}.")]
    public partial void CallTimedOut(GrainId grainId, string method, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Method} to {Observer} failed.")]
    public partial void ObserverDeliveryFailed(Exception exception, string method, string observer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Observer} closed: {Reason}.")]
    public partial void ObserverClosed(string observer, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collected {Count} idle activations.")]
    public partial void Collected(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Idle collection failed.")]
    public partial void CollectionFailed(Exception exception);
}
