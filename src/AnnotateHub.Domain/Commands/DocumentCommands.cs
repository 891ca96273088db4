using System.Collections.Immutable;

namespace AnnotateHub.Domain;

/// <summary>
/// A request to change a document, issued by an <see cref="Domain.Actor"/> and judged by
/// <see cref="DocumentDecider.Decide"/>. Ids of new items are chosen by the caller (e.g. GUIDs), which keeps
/// <c>Decide</c> deterministic and lets a client retry safely.
/// </summary>
/// <param name="Actor">Who issues the command, with their role in the document's workspace.</param>
public abstract record DocumentCommand(Actor Actor);

/// <summary>
/// Creates the document. Reviewer+. Fails with Conflict when it already exists. The text is normalised by
/// <c>Decide</c> (see <see cref="TextNormalizer"/>) and must not be empty nor larger than
/// <see cref="DomainLimits.MaxTextBytes"/> UTF-8 bytes.
/// </summary>
/// <param name="Actor">Who creates it.</param>
/// <param name="DocumentId">The document id.</param>
/// <param name="WorkspaceId">The owning workspace.</param>
/// <param name="Title">1..300 characters after trimming.</param>
/// <param name="Text">The raw text as imported.</param>
/// <param name="SourceUrl">Optional absolute http(s) URL the text came from; blank means none.</param>
/// <param name="Quorum">Votes needed for consensus/dispute, 1..<see cref="DomainLimits.MaxQuorum"/>.</param>
public sealed record CreateDocument(
    Actor Actor,
    string DocumentId,
    string WorkspaceId,
    string Title,
    string Text,
    string? SourceUrl = null,
    int Quorum = DocumentState.DefaultQuorum) : DocumentCommand(Actor);

/// <summary>Creates an annotation on a passage. Reviewer+.</summary>
/// <param name="Actor">The author.</param>
/// <param name="AnnotationId">A new id, unique in the document.</param>
/// <param name="Kind">Claim, comment or question.</param>
/// <param name="Target">The selected passage, as a quote or a code point range.</param>
/// <param name="Body">Markdown source, possibly empty.</param>
/// <param name="Tags">Optional tags (trimmed, de-duplicated case-insensitively); default means none.</param>
public sealed record Highlight(
    Actor Actor,
    string AnnotationId,
    AnnotationKind Kind,
    TargetSpec Target,
    string Body = "",
    ImmutableArray<string> Tags = default) : DocumentCommand(Actor);

/// <summary>
/// Changes an annotation's body, tags and/or kind; null leaves a field unchanged. Author or moderator+.
/// Turning a claim with votes (or a ruling) into a comment or question fails with Conflict.
/// An edit that changes nothing is accepted with no events.
/// </summary>
public sealed record EditAnnotation(
    Actor Actor,
    string AnnotationId,
    string? Body = null,
    ImmutableArray<string>? Tags = null,
    AnnotationKind? Kind = null) : DocumentCommand(Actor);

/// <summary>Deletes an annotation (it stays as a tombstone). Author or moderator+.</summary>
public sealed record DeleteAnnotation(Actor Actor, string AnnotationId) : DocumentCommand(Actor);

/// <summary>
/// Adds a reply to an annotation's thread. Reviewer+. The body must not be empty. Replying to a resolved thread is
/// allowed and leaves it resolved (a late "thanks" or a pointer must not undo the outcome; reopen it explicitly).
/// </summary>
public sealed record AddReply(Actor Actor, string AnnotationId, string ReplyId, string Body) : DocumentCommand(Actor);

/// <summary>Changes a reply's body. Reply author or moderator+. The same body again is accepted with no events.</summary>
public sealed record EditReply(Actor Actor, string AnnotationId, string ReplyId, string Body) : DocumentCommand(Actor);

/// <summary>Deletes a reply (it stays as a tombstone). Reply author or moderator+.</summary>
public sealed record DeleteReply(Actor Actor, string AnnotationId, string ReplyId) : DocumentCommand(Actor);

/// <summary>
/// Attaches evidence to an annotation. Reviewer+. Give either <paramref name="Url"/> (absolute http/https) or
/// <paramref name="LinkedDocumentId"/> with <paramref name="LinkedTarget"/> (a passage of another document, resolved by
/// the caller against that document with <see cref="TargetResolver"/>), not both.
/// </summary>
/// <param name="Actor">Who attaches it.</param>
/// <param name="AnnotationId">The annotation.</param>
/// <param name="SourceId">A new id, unique within the annotation.</param>
/// <param name="Title">1..300 characters after trimming.</param>
/// <param name="Stance">Supports, refutes or context.</param>
/// <param name="Url">For a web source: an absolute http(s) URL.</param>
/// <param name="Quote">Optional quote from the source.</param>
/// <param name="Note">Optional note (Markdown source).</param>
/// <param name="LinkedDocumentId">For a passage source: the other document's id.</param>
/// <param name="LinkedTarget">For a passage source: the passage in the other document.</param>
public sealed record AttachSource(
    Actor Actor,
    string AnnotationId,
    string SourceId,
    string Title,
    SourceStance Stance,
    string? Url = null,
    string? Quote = null,
    string? Note = null,
    string? LinkedDocumentId = null,
    TextTarget? LinkedTarget = null) : DocumentCommand(Actor);

/// <summary>Removes a source from an annotation. The user who attached it, or moderator+.</summary>
public sealed record DetachSource(Actor Actor, string AnnotationId, string SourceId) : DocumentCommand(Actor);

/// <summary>
/// Casts or changes the actor's verdict on a claim. Reviewer+. Only claims take votes; a resolved claim's
/// votes are frozen (Conflict) until a moderator reopens it. Re-casting the same verdict and rationale is
/// accepted with no events.
/// </summary>
/// <param name="Actor">The voter.</param>
/// <param name="AnnotationId">The claim.</param>
/// <param name="Verdict">The verdict the voter chose.</param>
/// <param name="Rationale">Why; required (Invalid, <see cref="ErrorCodes.RationaleRequired"/>) when
/// <paramref name="RequireRationale"/> is true.</param>
/// <param name="RequireRationale">The workspace's "require a rationale" setting, passed in by the caller as the quorum
/// is for <see cref="CreateDocument"/>; true (the safe default) unless the workspace turned it off.</param>
public sealed record CastVote(Actor Actor, string AnnotationId, Verdict Verdict, string Rationale = "", bool RequireRationale = true)
    : DocumentCommand(Actor);

/// <summary>
/// Rules on a claim with a final verdict and a (required) rationale. Moderator+. Only once its votes reached the quorum
/// (consensus or disputed): an open claim is refused with <see cref="ErrorCodes.ClaimVotingOpen"/>. Records the minority votes.
/// </summary>
public sealed record ResolveClaim(Actor Actor, string AnnotationId, Verdict Verdict, string Rationale) : DocumentCommand(Actor);

/// <summary>
/// Reopens a resolved claim; its status is recomputed from the votes. Moderator+. The reason is required
/// (Invalid, <see cref="ErrorCodes.RationaleRequired"/>) and recorded in the claim's history.
/// </summary>
public sealed record ReopenClaim(Actor Actor, string AnnotationId, string? Rationale = null) : DocumentCommand(Actor);

/// <summary>
/// A moderator or admin chooses to see a claim's votes before casting their own ("reveal to rule"), which blind voting
/// otherwise hides from them (<see cref="VoteVisibility"/>). Moderator+; claims only. Recorded, so the history shows who
/// looked before voting. Revealing again, or after voting, is accepted with no events.
/// </summary>
public sealed record RevealVotes(Actor Actor, string AnnotationId) : DocumentCommand(Actor);

/// <summary>
/// Marks an annotation's discussion thread resolved (the discussion, not a claim's verdict: see <see cref="ResolveClaim"/>).
/// The annotation's author or moderator+; any kind of annotation. Resolving a resolved thread is accepted with no events.
/// </summary>
/// <param name="Actor">The annotation's author, a moderator or an admin.</param>
/// <param name="AnnotationId">The annotation whose thread is resolved.</param>
public sealed record ResolveThread(Actor Actor, string AnnotationId) : DocumentCommand(Actor);

/// <summary>
/// Reopens an annotation's resolved discussion thread. The annotation's author or moderator+. Reopening an open
/// thread is accepted with no events.
/// </summary>
/// <param name="Actor">The annotation's author, a moderator or an admin.</param>
/// <param name="AnnotationId">The annotation whose thread is reopened.</param>
public sealed record ReopenThread(Actor Actor, string AnnotationId) : DocumentCommand(Actor);

/// <summary>
/// Flags an annotation, one of its replies or one of its sources for moderators, with a reason. Anyone in the
/// workspace, viewers included. <paramref name="ItemId"/> is the reply or source id (ignored for the annotation).
/// </summary>
public sealed record FlagContent(Actor Actor, string AnnotationId, string FlagId, ModeratedItem Item, string? ItemId, string Reason) : DocumentCommand(Actor);

/// <summary>Hides an item with a reason (others see "hidden by a moderator: reason"). Moderator+. Hiding it again with the same reason changes nothing.</summary>
public sealed record HideContent(Actor Actor, string AnnotationId, ModeratedItem Item, string? ItemId, string Reason) : DocumentCommand(Actor);

/// <summary>Shows a hidden item again. Moderator+. Unhiding a shown item changes nothing.</summary>
public sealed record UnhideContent(Actor Actor, string AnnotationId, ModeratedItem Item, string? ItemId) : DocumentCommand(Actor);

/// <summary>Locks an annotation's thread (no new replies) with a reason. Moderator+. Locking a locked thread changes nothing.</summary>
public sealed record LockThread(Actor Actor, string AnnotationId, string Reason) : DocumentCommand(Actor);

/// <summary>Unlocks a locked thread. Moderator+. Unlocking an unlocked thread changes nothing.</summary>
public sealed record UnlockThread(Actor Actor, string AnnotationId) : DocumentCommand(Actor);
/// Publishes a resolved claim for readers with a reviewed headline and summary (and, when known, who made the claim and
/// when), or updates its publication. Moderator+. A claim that is not resolved is a Conflict
/// (<see cref="ErrorCodes.ClaimNotResolved"/>). The public address is made from the headline the first time
/// (<see cref="PublicSlugs.For"/>) and kept from then on. Publishing again with the same values changes nothing.
/// </summary>
public sealed record PublishClaim(
    Actor Actor,
    string AnnotationId,
    string Headline,
    string Summary,
    string? Claimant = null,
    DateOnly? ClaimDate = null) : DocumentCommand(Actor);

/// <summary>Withdraws a claim's publication (its address is kept for a later one). Moderator+. Not published: no events.</summary>
public sealed record UnpublishClaim(Actor Actor, string AnnotationId) : DocumentCommand(Actor);
