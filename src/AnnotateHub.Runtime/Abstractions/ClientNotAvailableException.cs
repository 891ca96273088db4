namespace AnnotateHub.Runtime;

/// <summary>
/// A call through an observer reference that was deleted, or dropped because its deliveries kept failing
/// (Orleans: <c>Orleans.Runtime.ClientNotAvailableException</c>). <see cref="ObserverManager{TObserver}"/> removes
/// observers whose calls fail.
/// </summary>
public class ClientNotAvailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClientNotAvailableException()
        : base("The observer is no longer available.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ClientNotAvailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ClientNotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
