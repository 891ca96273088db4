using Orleans.Concurrency;

namespace AnnotateHub.Grains;

/// <summary>
/// Hears every accepted, durable change of a document, and every change of who is on it. Orleans does not keep one-way
/// calls in the order they were sent, so a subscriber orders changes by their version (filling gaps from the event
/// store) and presence lists by their sequence. Each node (silo or
/// web front end) subscribes once per open document and fans out to its own sessions. Calls are one-way: the grain
/// never waits for an observer, so a slow, stuck or dead node cannot hold a commit, and an observer may call back into
/// the grain while handling a notification.
/// </summary>
[Alias("annotatehub.document-observer")]
public interface IDocumentObserver : IGrainObserver
{
    /// <summary>A change was committed (durable) and applied.</summary>
    [OneWay]
    [Alias("changed")]
    Task OnDocumentChangedAsync(DocumentChange change);

    /// <summary>
    /// Who is on the document now, one entry per session (tab), in join order: sent after every join of a new session,
    /// leave, change of open annotation or display name, and expiry. The same list goes to every local observer;
    /// do not cast it to a mutable type. <paramref name="sequence"/> grows with every list the grain sends, across
    /// activations too: a list with a lower sequence than one already applied is stale and must be ignored.
    /// </summary>
    [OneWay]
    [Alias("presence")]
    Task OnPresenceChangedAsync(IReadOnlyList<PresenceEntry> present, long sequence);
}
