namespace AnnotateHub.Runtime;

/// <summary>
/// Marker for observer interfaces (Orleans: <c>Orleans.IGrainObserver</c>). Observer methods return
/// <see cref="Task"/>, <see cref="ValueTask"/> or <c>void</c>; calls through an object reference made by
/// <see cref="IGrainFactory.CreateObjectReference{TObserver}(IGrainObserver)"/> are one-way: they are queued
/// and delivered in order, and the caller never waits for the observer.
/// </summary>
public interface IGrainObserver : IAddressable;
