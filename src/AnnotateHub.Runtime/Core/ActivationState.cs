namespace AnnotateHub.Runtime;

internal enum ActivationState
{
    /// <summary>In the directory, nothing started; the first enqueued call starts activation.</summary>
    Created,

    /// <summary>Constructing the grain, loading state, running OnActivateAsync. Calls queue.</summary>
    Activating,

    /// <summary>Processing calls.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync. Calls queue and are forwarded to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the directory; calls that reach it retry with a fresh lookup.</summary>
    Invalid,
}

/// <summary>A unit of work for an activation's queue: a call waiting for its turn.</summary>
internal interface IGrainWorkItem
{
    /// <summary>
    /// Runs as the activation's current turn. Returns <c>true</c> when the turn completed synchronously (whoever
    /// called Execute ends the turn), <c>false</c> when it goes on asynchronously (the item ends the turn itself).
    /// </summary>
    bool Execute(GrainActivation activation);

    /// <summary>Fails the call without running it (activation failed, runtime shut down).</summary>
    void Fail(Exception exception);
}
