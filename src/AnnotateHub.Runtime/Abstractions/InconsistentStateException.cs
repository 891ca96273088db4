namespace AnnotateHub.Runtime;

/// <summary>
/// A state write or clear found that the stored record changed since it was read (Orleans:
/// <c>Orleans.Storage.InconsistentStateException</c>). Thrown out of a grain call it reaches the caller unchanged
/// and deactivates the activation, so the next call reloads the state.
/// </summary>
public class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException()
        : base("The stored state changed since it was read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception; the message gets both ETags appended.</summary>
    /// <param name="message">What was being done, e.g. which state of which grain was written.</param>
    /// <param name="storedEtag">The ETag of the record in storage (<c>null</c>: no record).</param>
    /// <param name="currentEtag">The ETag the writer held (<c>null</c>: it expected no record).</param>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base($"{message} Stored ETag: {storedEtag ?? "(none)"}; current ETag: {currentEtag ?? "(none)"}.")
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag of the record in storage; <c>null</c> when there is none.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer held; <c>null</c> when it expected no record.</summary>
    public string? CurrentEtag { get; }
}
