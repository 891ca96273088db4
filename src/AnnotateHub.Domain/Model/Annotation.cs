using System.Collections.Immutable;

namespace AnnotateHub.Domain;

/// <summary>
/// A highlighted passage of a document: a claim, comment or question, with its thread, sources, votes and
/// (for claims) workflow status. Immutable; changed only by <see cref="DocumentDecider.Evolve"/>.
/// A deleted annotation stays as a tombstone (<see cref="Deleted"/>); commands on it fail with NotFound.
/// </summary>
public sealed record Annotation
{
    private readonly ImmutableArray<string> _votesRevealedTo = [];
    private readonly ImmutableArray<Flag> _flags = [];
    private readonly ImmutableArray<HiddenItem> _hiddenItems = [];

    /// <summary>The caller-chosen id, unique in the document (deleted annotations keep theirs).</summary>
    public required string Id { get; init; }

    /// <summary>Claim, comment or question.</summary>
    public required AnnotationKind Kind { get; init; }

    /// <summary>The annotated passage (both selectors, code points).</summary>
    public required TextTarget Target { get; init; }

    /// <summary>Tags: trimmed, unique (case-insensitively), in the order given.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>The annotation's text as Markdown source (possibly empty). Render it sanitised, never as HTML.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The user who created it.</summary>
    public required string AuthorId { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its body, tags or kind last changed; null if never.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>True once deleted (tombstone).</summary>
    public bool Deleted { get; init; }

    /// <summary>When it was deleted.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Who deleted it.</summary>
    public string? DeletedBy { get; init; }

    /// <summary>The discussion thread, oldest first (deleted replies stay as tombstones).</summary>
    public ImmutableArray<Reply> Replies { get; init; } = [];

    /// <summary>Attached evidence, in attachment order (detached sources are removed).</summary>
    public ImmutableArray<Source> Sources { get; init; } = [];

    /// <summary>Verdicts cast on a claim, one per user, in order of first casting.</summary>
    public ImmutableArray<Vote> Votes { get; init; } = [];

    /// <summary>The claim's workflow status; comments and questions stay <see cref="ClaimStatus.Open"/>.</summary>
    public ClaimStatus Status { get; init; } = ClaimStatus.Open;

    /// <summary>The moderator's ruling while the claim is resolved; null otherwise.</summary>
    public Resolution? Resolution { get; init; }

    /// <summary>Every status change, oldest first.</summary>
    public ImmutableArray<StatusChange> StatusHistory { get; init; } = [];

    /// <summary>
    /// True while the discussion thread is marked resolved (independent of a claim's <see cref="Status"/>).
    /// Replies are still accepted and leave it resolved.
    /// </summary>
    public bool ThreadResolved { get; init; }

    /// <summary>Who resolved the thread, while it is resolved; null otherwise.</summary>
    public string? ThreadResolvedBy { get; init; }

    /// <summary>When the thread was resolved, while it is resolved; null otherwise.</summary>
    public DateTimeOffset? ThreadResolvedAt { get; init; }

    /// <summary>
    /// Moderators and admins who chose to see this claim's votes before casting their own ("reveal to rule"), in order;
    /// blind voting no longer hides the votes from them.
    /// </summary>
    public ImmutableArray<string> VotesRevealedTo
    {
        get => _votesRevealedTo.IsDefault ? [] : _votesRevealedTo;
        init => _votesRevealedTo = value;
    }

    /// <summary>Flags raised on the annotation, its replies and sources, oldest first (they stay after a moderator acts).</summary>
    public ImmutableArray<Flag> Flags
    {
        get => _flags.IsDefault ? [] : _flags;
        init => _flags = value;
    }

    /// <summary>The items a moderator has hidden (the annotation, replies, sources), in the order they were hidden.</summary>
    public ImmutableArray<HiddenItem> HiddenItems
    {
        get => _hiddenItems.IsDefault ? [] : _hiddenItems;
        init => _hiddenItems = value;
    }

    /// <summary>True while a moderator has locked the thread: no new replies.</summary>
    public bool ThreadLocked { get; init; }

    /// <summary>The moderator who locked the thread and why, while it is locked.</summary>
    public string? ThreadLockedBy { get; init; }

    public string? ThreadLockedReason { get; init; }

    /// <summary>The moderator's mark on an item, when it is hidden; null otherwise.</summary>
    public HiddenItem? HiddenMark(ModeratedItem item, string itemId)
    {
        foreach (var hidden in HiddenItems)
        {
            if (hidden.Item == item && hidden.ItemId == itemId)
            {
                return hidden;
            }
        }

        return null;
    }

    /// <summary>
    /// The claim's publication for readers, once a moderator published it; it stays (withdrawn) after unpublishing, so
    /// the public address is kept for a later publication. Null when never published.
    /// </summary>
    public Publication? Publication { get; init; }

    /// <summary>True while the claim is public: published, not withdrawn, resolved and not deleted.</summary>
    public bool IsPublished() => Publication is { IsLive: true } && !Deleted && Status == ClaimStatus.Resolved;

    /// <summary>True when <paramref name="userId"/> chose to reveal this claim's votes (<see cref="VotesRevealedTo"/>).</summary>
    public bool HasRevealedVotes(string userId) => VotesRevealedTo.Contains(userId, StringComparer.Ordinal);

    /// <summary>True when this is a claim.</summary>
    public bool IsClaim() => Kind == AnnotationKind.Claim;

    /// <summary>The vote of <paramref name="userId"/>, or null.</summary>
    public Vote? FindVote(string userId)
    {
        foreach (var vote in Votes)
        {
            if (vote.UserId == userId)
            {
                return vote;
            }
        }

        return null;
    }

    /// <summary>The reply with <paramref name="replyId"/> (live or deleted), or null.</summary>
    public Reply? FindReply(string replyId)
    {
        foreach (var reply in Replies)
        {
            if (reply.Id == replyId)
            {
                return reply;
            }
        }

        return null;
    }

    /// <summary>The attached source with <paramref name="sourceId"/>, or null.</summary>
    public Source? FindSource(string sourceId)
    {
        foreach (var source in Sources)
        {
            if (source.Id == sourceId)
            {
                return source;
            }
        }

        return null;
    }
}

/// <summary>A reply in an annotation's thread. Deleted replies stay as tombstones.</summary>
public sealed record Reply
{
    /// <summary>The caller-chosen id, unique within the annotation.</summary>
    public required string Id { get; init; }

    /// <summary>Who wrote it.</summary>
    public required string AuthorId { get; init; }

    /// <summary>Markdown source; never empty.</summary>
    public required string Body { get; init; }

    /// <summary>When it was written.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last edited; null if never.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>True once deleted (tombstone).</summary>
    public bool Deleted { get; init; }

    /// <summary>When it was deleted.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Who deleted it.</summary>
    public string? DeletedBy { get; init; }
}

/// <summary>
/// Evidence attached to an annotation: either a web page (<see cref="Url"/>) or a passage of another document in
/// the workspace (<see cref="LinkedDocumentId"/> + <see cref="LinkedTarget"/>), with a stance.
/// </summary>
public sealed record Source
{
    /// <summary>The caller-chosen id, unique within the annotation.</summary>
    public required string Id { get; init; }

    /// <summary>Who attached it (may detach it; so may moderators).</summary>
    public required string AddedBy { get; init; }

    /// <summary>When it was attached.</summary>
    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>A title for people (page title, document title).</summary>
    public required string Title { get; init; }

    /// <summary>Supports, refutes or gives context.</summary>
    public required SourceStance Stance { get; init; }

    /// <summary>An absolute http(s) URL, for a web source; null for a passage source.</summary>
    public string? Url { get; init; }

    /// <summary>An optional quote from the source.</summary>
    public string? Quote { get; init; }

    /// <summary>An optional note (Markdown source).</summary>
    public string? Note { get; init; }

    /// <summary>The id of the linked document, for a passage source.</summary>
    public string? LinkedDocumentId { get; init; }

    /// <summary>The passage of the linked document, resolved against that document's text.</summary>
    public TextTarget? LinkedTarget { get; init; }

    /// <summary>True for a passage-to-passage link (as opposed to a URL).</summary>
    public bool IsPassage() => LinkedDocumentId is not null;
}

/// <summary>One user's verdict on a claim.</summary>
public sealed record Vote
{
    /// <summary>The voter.</summary>
    public required string UserId { get; init; }

    /// <summary>The verdict.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>Why (possibly empty).</summary>
    public string Rationale { get; init; } = string.Empty;

    /// <summary>When the user first voted.</summary>
    public required DateTimeOffset CastAt { get; init; }

    /// <summary>When the user last changed the vote; null if never.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
}

/// <summary>A moderator's ruling on a claim.</summary>
public sealed record Resolution
{
    /// <summary>The final verdict.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>Why; never empty.</summary>
    public required string Rationale { get; init; }

    /// <summary>The moderator.</summary>
    public required string ResolvedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset ResolvedAt { get; init; }

    /// <summary>The votes whose verdict differs from the ruling, as they were when it was made.</summary>
    public ImmutableArray<Vote> MinorityVotes { get; init; } = [];
}

/// <summary>One step of a claim's status history.</summary>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="By">The user whose action caused it (voter or moderator).</param>
/// <param name="At">When.</param>
/// <param name="Reason">The rationale of a ruling or reopening; null for changes caused by votes.</param>
public sealed record StatusChange(ClaimStatus From, ClaimStatus To, string By, DateTimeOffset At, string? Reason = null);
