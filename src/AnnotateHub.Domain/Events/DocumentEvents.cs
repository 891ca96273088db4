using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>
/// Something that happened to a document, produced by <see cref="DocumentDecider.Decide"/> and applied by
/// <see cref="DocumentDecider.Evolve"/>. Every event is self-contained for replay. Each concrete type has a stable
/// <c>TypeName</c> constant (also its JSON <c>"type"</c> discriminator when serialised as <see cref="DocumentEvent"/>);
/// type names and member names are never renamed.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DocumentCreated), DocumentCreated.TypeName)]
[JsonDerivedType(typeof(AnnotationCreated), AnnotationCreated.TypeName)]
[JsonDerivedType(typeof(AnnotationEdited), AnnotationEdited.TypeName)]
[JsonDerivedType(typeof(AnnotationDeleted), AnnotationDeleted.TypeName)]
[JsonDerivedType(typeof(ReplyAdded), ReplyAdded.TypeName)]
[JsonDerivedType(typeof(ReplyEdited), ReplyEdited.TypeName)]
[JsonDerivedType(typeof(ReplyDeleted), ReplyDeleted.TypeName)]
[JsonDerivedType(typeof(SourceAttached), SourceAttached.TypeName)]
[JsonDerivedType(typeof(SourceDetached), SourceDetached.TypeName)]
[JsonDerivedType(typeof(VoteCast), VoteCast.TypeName)]
[JsonDerivedType(typeof(ClaimStatusChanged), ClaimStatusChanged.TypeName)]
[JsonDerivedType(typeof(ClaimResolved), ClaimResolved.TypeName)]
[JsonDerivedType(typeof(ClaimReopened), ClaimReopened.TypeName)]
[JsonDerivedType(typeof(ThreadResolved), ThreadResolved.TypeName)]
[JsonDerivedType(typeof(ThreadReopened), ThreadReopened.TypeName)]
[JsonDerivedType(typeof(VotesRevealed), VotesRevealed.TypeName)]
[JsonDerivedType(typeof(ContentFlagged), ContentFlagged.TypeName)]
[JsonDerivedType(typeof(ContentHidden), ContentHidden.TypeName)]
[JsonDerivedType(typeof(ContentUnhidden), ContentUnhidden.TypeName)]
[JsonDerivedType(typeof(ThreadLocked), ThreadLocked.TypeName)]
[JsonDerivedType(typeof(ThreadUnlocked), ThreadUnlocked.TypeName)]
[JsonDerivedType(typeof(ClaimPublished), ClaimPublished.TypeName)]
[JsonDerivedType(typeof(ClaimUnpublished), ClaimUnpublished.TypeName)]
public abstract record DocumentEvent
{
    /// <summary>The user whose command produced the event.</summary>
    public required string ActorId { get; init; }

    /// <summary>When the command was decided (the <c>now</c> given to Decide).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The event's position in the document's stream: the previous version + 1 (1 for DocumentCreated).</summary>
    public required long Sequence { get; init; }

    /// <summary>The stable type name of the concrete event (its <c>TypeName</c> constant).</summary>
    [JsonIgnore]
    public abstract string EventType { get; }
}

/// <summary>An event about one annotation.</summary>
public abstract record AnnotationEvent : DocumentEvent
{
    /// <summary>The annotation the event is about.</summary>
    public required string AnnotationId { get; init; }
}

/// <summary>The document was created with its normalised text. The actor is the creator.</summary>
public sealed record DocumentCreated : DocumentEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "document-created";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The document id.</summary>
    public required string DocumentId { get; init; }

    /// <summary>The owning workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The trimmed title.</summary>
    public required string Title { get; init; }

    /// <summary>The normalised text.</summary>
    public required string Text { get; init; }

    /// <summary>Where the text came from, or null.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The quorum.</summary>
    public required int Quorum { get; init; }
}

/// <summary>An annotation was created. The actor is its author.</summary>
public sealed record AnnotationCreated : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "annotation-created";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>Claim, comment or question.</summary>
    public required AnnotationKind Kind { get; init; }

    /// <summary>The fully resolved target.</summary>
    public required TextTarget Target { get; init; }

    /// <summary>The normalised body.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The normalised tags.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];
}

/// <summary>An annotation's body, tags or kind changed; carries the complete new values of all three.</summary>
public sealed record AnnotationEdited : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "annotation-edited";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The kind after the edit.</summary>
    public required AnnotationKind Kind { get; init; }

    /// <summary>The body after the edit.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The tags after the edit.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];
}

/// <summary>An annotation was deleted (it remains as a tombstone).</summary>
public sealed record AnnotationDeleted : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "annotation-deleted";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;
}

/// <summary>A reply was added to an annotation's thread. The actor is its author.</summary>
public sealed record ReplyAdded : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "reply-added";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The reply id.</summary>
    public required string ReplyId { get; init; }

    /// <summary>The normalised body.</summary>
    public required string Body { get; init; }
}

/// <summary>A reply's body changed.</summary>
public sealed record ReplyEdited : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "reply-edited";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The reply id.</summary>
    public required string ReplyId { get; init; }

    /// <summary>The new normalised body.</summary>
    public required string Body { get; init; }
}

/// <summary>A reply was deleted (it remains as a tombstone).</summary>
public sealed record ReplyDeleted : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "reply-deleted";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The reply id.</summary>
    public required string ReplyId { get; init; }
}

/// <summary>A source was attached to an annotation. The actor attached it.</summary>
public sealed record SourceAttached : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "source-attached";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The source id.</summary>
    public required string SourceId { get; init; }

    /// <summary>The trimmed title.</summary>
    public required string Title { get; init; }

    /// <summary>The stance.</summary>
    public required SourceStance Stance { get; init; }

    /// <summary>The URL of a web source.</summary>
    public string? Url { get; init; }

    /// <summary>The optional quote.</summary>
    public string? Quote { get; init; }

    /// <summary>The optional note.</summary>
    public string? Note { get; init; }

    /// <summary>The linked document of a passage source.</summary>
    public string? LinkedDocumentId { get; init; }

    /// <summary>The linked passage of a passage source.</summary>
    public TextTarget? LinkedTarget { get; init; }
}

/// <summary>A source was removed from an annotation.</summary>
public sealed record SourceDetached : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "source-detached";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The source id.</summary>
    public required string SourceId { get; init; }
}

/// <summary>
/// The actor cast or changed a verdict on a claim. When the computed status changes as a result, Decide emits a
/// <see cref="ClaimStatusChanged"/> right after it.
/// </summary>
public sealed record VoteCast : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "vote-cast";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The verdict.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>The rationale (possibly empty).</summary>
    public string Rationale { get; init; } = string.Empty;

    /// <summary>The actor's previous verdict when this changes a vote; null for a first vote.</summary>
    public Verdict? PreviousVerdict { get; init; }
}

/// <summary>A claim's status changed because of votes (open, consensus, disputed).</summary>
public sealed record ClaimStatusChanged : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "claim-status-changed";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The status before.</summary>
    public required ClaimStatus From { get; init; }

    /// <summary>The status after.</summary>
    public required ClaimStatus To { get; init; }
}

/// <summary>A moderator ruled on a claim; its status becomes <see cref="ClaimStatus.Resolved"/>.</summary>
public sealed record ClaimResolved : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "claim-resolved";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The status before the ruling.</summary>
    public required ClaimStatus From { get; init; }

    /// <summary>The final verdict.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>The moderator's rationale.</summary>
    public required string Rationale { get; init; }

    /// <summary>The votes whose verdict differs from the ruling.</summary>
    public ImmutableArray<Vote> MinorityVotes { get; init; } = [];
}

/// <summary>A moderator reopened a resolved claim; its status is the one computed from its votes.</summary>
public sealed record ClaimReopened : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "claim-reopened";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The status after reopening (computed from the votes and the quorum).</summary>
    public required ClaimStatus To { get; init; }

    /// <summary>Why it was reopened: required since reopening asks for a reason; null in events recorded before that.</summary>
    public string? Rationale { get; init; }
}

/// <summary>
/// A moderator or admin chose to see a claim's votes before casting their own ("reveal to rule"); from then on blind
/// voting no longer hides them from that actor.
/// </summary>
public sealed record VotesRevealed : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "votes-revealed";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;
}

/// <summary>
/// The discussion thread of an annotation was marked resolved (distinct from a claim's ruling). The actor is its author
/// or a moderator. Replies stay allowed and leave the thread resolved.
/// </summary>
public sealed record ThreadResolved : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "thread-resolved";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;
}

/// <summary>A resolved discussion thread was reopened. The actor is the annotation's author or a moderator.</summary>
public sealed record ThreadReopened : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "thread-reopened";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;
}

/// <summary>Someone flagged an annotation, a reply or a source for moderators, with a reason. The actor raised the flag.</summary>
public sealed record ContentFlagged : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "content-flagged";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The flag id.</summary>
    public required string FlagId { get; init; }

    /// <summary>What is flagged.</summary>
    public required ModeratedItem Item { get; init; }

    /// <summary>The reply or source id; the annotation's id for the annotation.</summary>
    public required string ItemId { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}

/// <summary>A moderator hid an annotation, a reply or a source, with a reason.</summary>
public sealed record ContentHidden : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "content-hidden";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>What is hidden.</summary>
    public required ModeratedItem Item { get; init; }

    /// <summary>The reply or source id; the annotation's id for the annotation.</summary>
    public required string ItemId { get; init; }

    /// <summary>Why (shown to others in its place).</summary>
    public required string Reason { get; init; }
}

/// <summary>A moderator showed a hidden item again.</summary>
public sealed record ContentUnhidden : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "content-unhidden";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>What is shown again.</summary>
    public required ModeratedItem Item { get; init; }

    /// <summary>The reply or source id; the annotation's id for the annotation.</summary>
    public required string ItemId { get; init; }
}

/// <summary>A moderator locked an annotation's thread: no new replies until it is unlocked.</summary>
public sealed record ThreadLocked : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "thread-locked";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}

/// <summary>A moderator unlocked a locked thread.</summary>
public sealed record ThreadUnlocked : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "thread-unlocked";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;
}

/// <summary>A moderator published a resolved claim for readers, or updated its publication. Carries every value.</summary>
public sealed record ClaimPublished : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "claim-published";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;

    /// <summary>The public address's last segment (the claim's first one, kept ever after).</summary>
    public required string Slug { get; init; }

    /// <summary>The headline for readers.</summary>
    public required string Headline { get; init; }

    /// <summary>The summary for readers.</summary>
    public required string Summary { get; init; }

    /// <summary>Who made the claim, when known.</summary>
    public string? Claimant { get; init; }

    /// <summary>When the claim was made, when known.</summary>
    public DateOnly? ClaimDate { get; init; }
}

/// <summary>A claim's publication was withdrawn (by a moderator, or because the claim was reopened).</summary>
public sealed record ClaimUnpublished : AnnotationEvent
{
    /// <summary>Stable type name.</summary>
    public const string TypeName = "claim-unpublished";

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => TypeName;
}

/// <summary>The registry of event type names, for storage: type name -> CLR type.</summary>
public static class DocumentEventTypes
{
    /// <summary>Every event type by its stable type name.</summary>
    public static ImmutableDictionary<string, Type> ByName { get; } = new Dictionary<string, Type>
    {
        [DocumentCreated.TypeName] = typeof(DocumentCreated),
        [AnnotationCreated.TypeName] = typeof(AnnotationCreated),
        [AnnotationEdited.TypeName] = typeof(AnnotationEdited),
        [AnnotationDeleted.TypeName] = typeof(AnnotationDeleted),
        [ReplyAdded.TypeName] = typeof(ReplyAdded),
        [ReplyEdited.TypeName] = typeof(ReplyEdited),
        [ReplyDeleted.TypeName] = typeof(ReplyDeleted),
        [SourceAttached.TypeName] = typeof(SourceAttached),
        [SourceDetached.TypeName] = typeof(SourceDetached),
        [VoteCast.TypeName] = typeof(VoteCast),
        [ClaimStatusChanged.TypeName] = typeof(ClaimStatusChanged),
        [ClaimResolved.TypeName] = typeof(ClaimResolved),
        [ClaimReopened.TypeName] = typeof(ClaimReopened),
        [ThreadResolved.TypeName] = typeof(ThreadResolved),
        [ThreadReopened.TypeName] = typeof(ThreadReopened),
        [VotesRevealed.TypeName] = typeof(VotesRevealed),
        [ContentFlagged.TypeName] = typeof(ContentFlagged),
        [ContentHidden.TypeName] = typeof(ContentHidden),
        [ContentUnhidden.TypeName] = typeof(ContentUnhidden),
        [ThreadLocked.TypeName] = typeof(ThreadLocked),
        [ThreadUnlocked.TypeName] = typeof(ThreadUnlocked),
        [ClaimPublished.TypeName] = typeof(ClaimPublished),
        [ClaimUnpublished.TypeName] = typeof(ClaimUnpublished),
    }.ToImmutableDictionary(StringComparer.Ordinal);
}
