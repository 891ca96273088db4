using AnnotateHub.Runtime;

namespace AnnotateHub.Grains;

/// <summary>
/// Hears every accepted, durable change of a document, in order, and every change of who is on it. Calls are
/// one-way: the grain never waits for an observer.
/// </summary>
public interface IDocumentObserver : IGrainObserver
{
    Task OnDocumentChangedAsync(DocumentChange change);

    /// <summary>
    /// Who is on the document now, one entry per session (tab), in join order: sent after every join of a new session,
    /// leave, change of open annotation or display name, and expiry. The same list object goes to every observer;
    /// do not cast it to a mutable type. The default ignores presence (observers written before presence existed).
    /// </summary>
    Task OnPresenceChangedAsync(IReadOnlyList<PresenceEntry> present) => Task.CompletedTask;
}
