using AnnotateHub.Domain;
using AnnotateHub.Runtime;

namespace AnnotateHub.Grains;

/// <summary>
/// One document: its text, annotations, threads, sources and votes. Keyed by document id. Every change is decided
/// by the domain, made durable, and only then applied, announced to observers and returned. A rejected command
/// throws <see cref="DomainException"/> and changes nothing.
/// </summary>
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

    /// <summary>A moderator's final ruling on a claim.</summary>
    Task<DocumentChange> ResolveAsync(ResolveClaim command);

    /// <summary>A moderator reopens a resolved claim.</summary>
    Task<DocumentChange> ReopenAsync(ReopenClaim command);

    /// <summary>
    /// Applies any command, optionally only when the document is still at <paramref name="expectedVersion"/>
    /// (an optimistic client's If-Match); otherwise it fails with a Conflict and changes nothing.
    /// </summary>
    Task<DocumentChange> ExecuteAsync(DocumentCommand command, long? expectedVersion = null);

    /// <summary>The document as of now, or as of <paramref name="atVersion"/> (rebuilt from the stream).</summary>
    Task<DocumentState> GetSnapshotAsync(long? atVersion = null);

    /// <summary>Events with a sequence greater than <paramref name="afterVersion"/>, oldest first, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<DocumentEvent>> GetEventsSinceAsync(long afterVersion, int maxCount = 1000);

    /// <summary>Resolves a passage of this document (for a passage source on another document).</summary>
    Task<TextTarget> ResolvePassageAsync(TargetSpec target);

    /// <summary>Subscribes (or renews) an observer; subscriptions lapse after <see cref="DocumentGrain.SubscriptionLifetime"/>.</summary>
    Task SubscribeAsync(IDocumentObserver observer);

    Task UnsubscribeAsync(IDocumentObserver observer);
}
