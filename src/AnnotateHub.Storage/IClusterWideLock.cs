namespace AnnotateHub.Storage;

/// <summary>
/// A store that several nodes share offers a lock they all respect, for one-off work that must happen once however
/// many nodes start together (the demo seed). A store only one process can open needs none.
/// </summary>
public interface IClusterWideLock
{
    /// <summary>Waits until no other node holds the lock called <paramref name="name"/>, then holds it until disposed.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default);
}
