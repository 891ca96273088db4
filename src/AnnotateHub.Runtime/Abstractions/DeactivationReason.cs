namespace AnnotateHub.Runtime;

/// <summary>Why an activation is being deactivated (Orleans: <c>Orleans.DeactivationReasonCode</c>).</summary>
public enum DeactivationReasonCode : byte
{
    /// <summary>No reason given.</summary>
    None,

    /// <summary>The runtime is shutting down.</summary>
    ShuttingDown,

    /// <summary>The activation failed to activate.</summary>
    ActivationFailed,

    /// <summary>The grain asked for it (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested,

    /// <summary>The activation was idle longer than its collection age.</summary>
    ActivationIdle,

    /// <summary>A call failed in a way that leaves the activation unusable, e.g. <see cref="InconsistentStateException"/>.</summary>
    ApplicationError,
}

/// <summary>The reason for a deactivation, passed to <see cref="Grain.OnDeactivateAsync"/> (Orleans: <c>Orleans.DeactivationReason</c>).</summary>
public readonly struct DeactivationReason
{
    /// <summary>Creates a reason with a code and a description.</summary>
    public DeactivationReason(DeactivationReasonCode code, string text)
        : this(code, null, text)
    {
    }

    /// <summary>Creates a reason with a code, the exception that caused it and a description.</summary>
    public DeactivationReason(DeactivationReasonCode code, Exception? exception, string text)
    {
        ReasonCode = code;
        Exception = exception;
        Description = text;
    }

    /// <summary>A description a person can read.</summary>
    public string Description { get; }

    /// <summary>The reason code.</summary>
    public DeactivationReasonCode ReasonCode { get; }

    /// <summary>The exception that caused the deactivation, if any.</summary>
    public Exception? Exception { get; }

    /// <inheritdoc />
    public override string ToString() =>
        Exception is null ? $"{ReasonCode}: {Description}" : $"{ReasonCode}: {Description} ({Exception.GetType().Name}: {Exception.Message})";
}
