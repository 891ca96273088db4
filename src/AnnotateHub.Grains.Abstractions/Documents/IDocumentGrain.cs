using AnnotateHub.Domain;
using AnnotateHub.Storage;

namespace AnnotateHub.Grains;

/// <summary>
/// One document: its text, annotations, threads, sources and votes. Keyed by document id. Every change is decided
/// by the domain, made durable, and only then applied, announced to observers and returned. A rejected command
/// throws <see cref="DomainException"/> and changes nothing.
/// </summary>
[Alias("annotatehub.document")]
public interface IDocumentGrain : IGrainWithStringKey
{
    /// <summary>Creates (imports) the document.</summary>
    Task<DocumentChange> CreateAsync(CreateDocument command);

    /// <summary>Marks a passage as a claim, comment or question.</summary>
    Task<DocumentChange> HighlightAsync(Highlight command);

    Task<DocumentChange> EditAnnotationAsync(EditAnnotation command);

    Task<DocumentChange> DeleteAnnotationAsync(DeleteAnnotation command);

    Task<DocumentChange> ReplyAsync(AddReply command);

    Task<DocumentChange> EditReplyAsync(EditReply command);

    Task<DocumentChange> DeleteReplyAsync(DeleteReply command);

    /// <summary>Attaches a URL source, or a passage of another document whose target the caller resolved with <see cref="ResolvePassageAsync"/>.</summary>
    Task<DocumentChange> AttachSourceAsync(AttachSource command);

    Task<DocumentChange> DetachSourceAsync(DetachSource command);

    /// <summary>Casts or changes the actor's verdict on a claim.</summary>
    Task<DocumentChange> CastVoteAsync(CastVote command);

    /// <summary>A moderator's final ruling on a claim whose votes reached the quorum (an open claim: Conflict).</summary>
    Task<DocumentChange> ResolveAsync(ResolveClaim command);

    /// <summary>A moderator reopens a resolved claim.</summary>
    Task<DocumentChange> ReopenAsync(ReopenClaim command);

    /// <summary>
    /// The annotation's author or a moderator marks its discussion thread resolved (not the claim's verdict). Already
    /// resolved: a change with no events.
    /// </summary>
    Task<DocumentChange> ResolveThreadAsync(ResolveThread command);

    /// <summary>The annotation's author or a moderator reopens its resolved thread. Already open: a change with no events.</summary>
    Task<DocumentChange> ReopenThreadAsync(ReopenThread command);

    /// <summary>
    /// Applies any command, optionally only when the document is still at <paramref name="expectedVersion"/>
    /// (an optimistic client's If-Match); otherwise it fails with a Conflict and changes nothing.
    /// </summary>
    Task<DocumentChange> ExecuteAsync(DocumentCommand command, long? expectedVersion = null);

    /// <summary>
    /// Recreates the document from a backup: appends <paramref name="events"/> (the stored events of the document, from
    /// version 1, their bytes kept as given) to the document's empty stream and takes the state they fold to. Only for a
    /// document that does not exist: otherwise it fails with a Conflict (code <c>document-exists</c>) and writes nothing.
    /// </summary>
    /// <returns>The document's version after the restore (the number of events).</returns>
    /// <exception cref="DomainException">
    /// The document exists (Conflict), or the events do not start by creating this document or are not numbered 1, 2, 3…
    /// (Invalid).
    /// </exception>
    Task<long> RestoreAsync(IReadOnlyList<EventData> events);

    /// <summary>The document as of now, or as of <paramref name="atVersion"/> (rebuilt from the stream).</summary>
    Task<DocumentState> GetSnapshotAsync(long? atVersion = null);

    /// <summary>Events with a sequence greater than <paramref name="afterVersion"/>, oldest first, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<DocumentEvent>> GetEventsSinceAsync(long afterVersion, int maxCount = 1000);

    /// <summary>Resolves a passage of this document (for a passage source on another document).</summary>
    Task<TextTarget> ResolvePassageAsync(TargetSpec target);

    /// <summary>
    /// Subscribes (or renews) an observer; subscriptions lapse after <see cref="DocumentSubscription.Lifetime"/> unless
    /// renewed. The answer is the document's version now: a subscriber that has seen less missed a change (a dropped
    /// notification, or an activation that moved to another silo) and catches up from the event store.
    /// </summary>
    Task<long> SubscribeAsync(IDocumentObserver observer);

    Task UnsubscribeAsync(IDocumentObserver observer);

    /// <summary>
    /// Adds a session (browser tab) to the document's presence, or renews it: call it when the tab opens the document
    /// and then every third of the grain's presence lifetime (90 s by default), or the session expires. The entry's
    /// user, name and open annotation replace the session's; its <see cref="PresenceEntry.LastSeen"/> is set by the
    /// grain. Presence is kept in memory only (never in the event store); observers hear of changes through
    /// <see cref="IDocumentObserver.OnPresenceChangedAsync"/>.
    /// </summary>
    /// <returns>Who is on the document now, one entry per session, in join order.</returns>
    /// <exception cref="Domain.DomainException">
    /// The document does not exist (NotFound), an id is blank or too long (Invalid), or the document already has
    /// its most sessions (1,000 by default) (TooLarge).
    /// </exception>
    Task<IReadOnlyList<PresenceEntry>> JoinAsync(PresenceEntry entry);

    /// <summary>Removes a session (its tab closed or left the document). Unknown sessions are ignored.</summary>
    Task LeaveAsync(string sessionId);

    /// <summary>
    /// Records which annotation the session has open (null: none) and renews it.
    /// </summary>
    /// <returns>False when the session is not present (it expired, or the grain restarted): join again.</returns>
    Task<bool> FocusAsync(string sessionId, string? annotationId);

    /// <summary>Who is on the document now, one entry per session (tab), in join order.</summary>
    Task<IReadOnlyList<PresenceEntry>> GetPresenceAsync();
}
