namespace AnnotateHub.Runtime;

/// <summary>
/// Gets references to grains and makes object references for observers (Orleans: <c>Orleans.IGrainFactory</c>).
/// </summary>
public interface IGrainFactory
{
    /// <summary>
    /// Gets a reference to the grain with the given key. No activation happens until the first call.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// No grain class is registered for <typeparamref name="TGrainInterface"/>, or the interface has a method that
    /// does not return a task.
    /// </exception>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>
    /// Makes a reference to a local observer object that grains can hold and call. Calls are queued per
    /// reference and delivered asynchronously, in order; a slow or failing observer never blocks the caller.
    /// </summary>
    TObserver CreateObjectReference<TObserver>(IGrainObserver obj)
        where TObserver : IGrainObserver;

    /// <summary>
    /// Deletes an object reference: pending deliveries are discarded and later calls through it fail with
    /// <see cref="ClientNotAvailableException"/>. Accepts the reference or the local object it was made for.
    /// </summary>
    void DeleteObjectReference<TObserver>(IGrainObserver obj)
        where TObserver : IGrainObserver;
}
