using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>
/// A workspace's read model: what its documents' committed events add up to for lists, work queues and notifications,
/// without any document state. Folded event by event by <see cref="WorkspaceActivityProjection.Apply"/>; it can always
/// be rebuilt from the event store (each document's <see cref="DocumentActivity.Version"/> says how far it got).
/// Immutable; persisted as JSON (never rename a member).
/// </summary>
public sealed record WorkspaceActivity
{
    /// <summary>The shape of this record as stored; bump it (and migrate forward) when it changes incompatibly.</summary>
    /// <remarks>2: annotations keep the passages of other documents they cite (<see cref="AnnotationActivity.Cites"/>).</remarks>
    public const int CurrentSchema = 2;

    /// <summary>An empty read model.</summary>
    public static WorkspaceActivity Empty { get; } = new();

    /// <summary>The stored shape.</summary>
    public int Schema { get; init; } = CurrentSchema;

    /// <summary>Every document seen, by id.</summary>
    public ImmutableDictionary<string, DocumentActivity> Documents { get; init; } = ImmutableDictionary<string, DocumentActivity>.Empty;

    /// <summary>Every notification, in the order the events were folded (rebuilds make the same ids).</summary>
    public ImmutableList<InboxNotification> Notifications { get; init; } = ImmutableList<InboxNotification>.Empty;

    /// <summary>Every flag and moderator's action, in the order the events were folded.</summary>
    public ImmutableList<ModerationEntry> Moderation { get; init; } = ImmutableList<ModerationEntry>.Empty;

    /// <summary>The version of <paramref name="documentId"/> folded so far (0 when none of its events has been).</summary>
    public long VersionOf(string documentId) => Documents.TryGetValue(documentId, out var d) ? d.Version : 0;
}

/// <summary>What the read model keeps of one document.</summary>
public sealed record DocumentActivity
{
    public required string Id { get; init; }

    public string Title { get; init; } = string.Empty;

    public string CreatedBy { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The sequence of the last event folded.</summary>
    public long Version { get; init; }

    /// <summary>The annotations, live and deleted, by id.</summary>
    public ImmutableDictionary<string, AnnotationActivity> Annotations { get; init; } = ImmutableDictionary<string, AnnotationActivity>.Empty;
}

/// <summary>What the read model keeps of one annotation: enough for queues and counts, never its votes' verdicts.</summary>
public sealed record AnnotationActivity
{
    public required string Id { get; init; }

    public required AnnotationKind Kind { get; init; }

    public required string AuthorId { get; init; }

    /// <summary>The start of the annotated passage (at most <see cref="WorkspaceActivityProjection.QuoteLength"/> characters).</summary>
    public string Quote { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When anything last happened to it.</summary>
    public DateTimeOffset LastActivityAt { get; init; }

    public bool Deleted { get; init; }

    public ClaimStatus Status { get; init; } = ClaimStatus.Open;

    /// <summary>True once it has been resolved (even if reopened since): blind voting no longer hides its votes.</summary>
    public bool EverResolved { get; init; }

    /// <summary>Who has voted, in order of first vote.</summary>
    public ImmutableArray<string> Voters { get; init; } = [];

    /// <summary>Moderators who chose "reveal to rule".</summary>
    public ImmutableArray<string> RevealedTo { get; init; } = [];

    public bool ThreadResolved { get; init; }

    /// <summary>Live replies in the thread.</summary>
    public int Replies { get; init; }

    /// <summary>Who has replied, in order of first reply.</summary>
    public ImmutableArray<string> Participants { get; init; } = [];

    /// <summary>The passages of other documents this annotation cites as sources, in the order they were attached.</summary>
    public ImmutableArray<CitationActivity> Cites { get; init; } = [];

    /// <summary>A moderator hid the annotation (it is not listed as citing anything meanwhile).</summary>
    public bool Hidden { get; init; }

    /// <summary>True when <paramref name="viewer"/> may see what this claim's votes add up to (see <see cref="VoteVisibility"/>).</summary>
    public bool ShowsStatusTo(ActivityViewer viewer, bool blindVoting) =>
        VoteVisibility.CanSeeOthersVotes(
            blindVoting,
            EverResolved,
            Voters.Contains(viewer.UserId, StringComparer.Ordinal),
            RevealedTo.Contains(viewer.UserId, StringComparer.Ordinal),
            viewer.Role);
}

/// <summary>What a notification is about. JSON: "mention", "reply", "ruling", "disputed".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationKind>))]
public enum NotificationKind
{
    /// <summary>Someone mentioned the recipient (<c>@handle</c>) in an annotation or a reply.</summary>
    [JsonStringEnumMemberName("mention")]
    Mention = 0,

    /// <summary>Someone replied to the recipient's annotation.</summary>
    [JsonStringEnumMemberName("reply")]
    Reply = 1,

    /// <summary>A moderator ruled on a claim the recipient voted on.</summary>
    [JsonStringEnumMemberName("ruling")]
    Ruling = 2,

    /// <summary>A claim the recipient voted on became disputed.</summary>
    [JsonStringEnumMemberName("disputed")]
    Disputed = 3,
}

/// <summary>
/// A notification as the read model keeps it. <see cref="Recipient"/> is a user id, or <c>@handle</c> for a mention
/// (handles are resolved to people only when someone asks, so a rebuild makes the same notifications).
/// </summary>
public sealed record InboxNotification
{
    /// <summary>Stable across rebuilds: <c>documentId:sequence:kind</c>.</summary>
    public required string Id { get; init; }

    public required NotificationKind Kind { get; init; }

    public required string Recipient { get; init; }

    public required string DocumentId { get; init; }

    public required string AnnotationId { get; init; }

    public string? ReplyId { get; init; }

    /// <summary>Who caused it.</summary>
    public required string ActorId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The start of the text it is about (a reply, a ruling's rationale, the claim's passage).</summary>
    public string Excerpt { get; init; } = string.Empty;

    /// <summary>The event's sequence in its document.</summary>
    public long Sequence { get; init; }
}

/// <summary>Who is asking the read model: their id, role in the workspace and @mention handle.</summary>
public sealed record ActivityViewer(string UserId, WorkspaceRole Role, string Handle);

/// <summary>A document in a workspace list, with its claim counts by status as one viewer may see them.</summary>
public sealed record DocumentListing(
    string Id,
    string Title,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    int Annotations,
    int Open,
    int Consensus,
    int Disputed,
    int Resolved,
    int Voting);

/// <summary>What a work item asks of its person. JSON: "vote-needed", "ruling-needed", "open-thread", "mention".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkKind>))]
public enum WorkKind
{
    /// <summary>A claim short of its quorum that the person has not voted on.</summary>
    [JsonStringEnumMemberName("vote-needed")]
    VoteNeeded = 0,

    /// <summary>A disputed claim waiting for a moderator's ruling.</summary>
    [JsonStringEnumMemberName("ruling-needed")]
    RulingNeeded = 1,

    /// <summary>A thread the person started or joined that is not resolved.</summary>
    [JsonStringEnumMemberName("open-thread")]
    OpenThread = 2,

    /// <summary>An unread mention of the person.</summary>
    [JsonStringEnumMemberName("mention")]
    Mention = 3,
}

/// <summary>One item of a person's work.</summary>
public sealed record WorkItem(
    WorkKind Kind,
    string DocumentId,
    string DocumentTitle,
    string AnnotationId,
    AnnotationKind AnnotationKind,
    string Quote,
    int Votes,
    int Replies,
    DateTimeOffset At,
    string? NotificationId = null);

/// <summary>A person's notification with its read mark and its document's title.</summary>
public sealed record InboxEntry(InboxNotification Notification, string DocumentTitle, bool Read);

/// <summary>What a moderation entry records. JSON: "flag", "hide", "unhide", "lock", "unlock".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModerationAction>))]
public enum ModerationAction
{
    [JsonStringEnumMemberName("flag")]
    Flag = 0,

    [JsonStringEnumMemberName("hide")]
    Hide = 1,

    [JsonStringEnumMemberName("unhide")]
    Unhide = 2,

    [JsonStringEnumMemberName("lock")]
    Lock = 3,

    [JsonStringEnumMemberName("unlock")]
    Unlock = 4,
}

/// <summary>A flag or a moderator's action on an item of a document, as the moderation page lists it.</summary>
public sealed record ModerationEntry(
    ModerationAction Action,
    string DocumentId,
    string AnnotationId,
    ModeratedItem Item,
    string ItemId,
    string Reason,
    string ActorId,
    DateTimeOffset At,
    long Sequence);

/// <summary>
/// A passage source as the read model keeps it: which source of the annotation, the cited document, the stance, and
/// the cited passage (its code-point offsets in that document and its words, shortened for lists). A source a moderator
/// hid is kept, marked, and not listed until it is unhidden.
/// </summary>
public sealed record CitationActivity(string SourceId, string DocumentId, SourceStance Stance, int Start, int End, string Passage, bool Hidden = false);

/// <summary>An annotation that cites a passage of a document ("cited by"), for the cited document's page.</summary>
public sealed record CitingAnnotation(
    string DocumentId, string DocumentTitle, string AnnotationId, AnnotationKind Kind, string Quote, SourceStance Stance, int Start, int End, string Passage);
