using System.Collections.Immutable;

namespace AnnotateHub.Domain;

/// <summary>
/// Folds documents' committed events into a <see cref="WorkspaceActivity"/>, and answers its questions: the document
/// list, a person's work and their notifications. Pure.
/// </summary>
/// <remarks>
/// Notifications: a mention (in a new annotation or a reply) goes to <c>@handle</c>; a reply to the annotation's author;
/// a ruling and a claim becoming disputed to everyone who voted on it. Nobody is notified of their own action. Edits do
/// not notify.
/// </remarks>
public static class WorkspaceActivityProjection
{
    /// <summary>How much of a passage or a text is kept for lists.</summary>
    public const int QuoteLength = 160;

    /// <summary>
    /// Folds <paramref name="e"/> of document <paramref name="documentId"/>. An event at or below the version already
    /// folded is ignored (folding twice changes nothing); the caller folds each document's events in order.
    /// </summary>
    public static WorkspaceActivity Apply(WorkspaceActivity state, string documentId, DocumentEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        state.Documents.TryGetValue(documentId, out var document);
        if (document is not null && e.Sequence <= document.Version)
        {
            return state;
        }

        document = (document ?? new DocumentActivity { Id = documentId }) with { Version = e.Sequence };
        var notifications = state.Notifications;
        switch (e)
        {
            case DocumentCreated created:
                document = document with { Title = created.Title, CreatedBy = created.ActorId, CreatedAt = created.At };
                break;

            case AnnotationCreated created:
                document = Put(document, new AnnotationActivity
                {
                    Id = created.AnnotationId,
                    Kind = created.Kind,
                    AuthorId = created.ActorId,
                    Quote = Shorten(created.Target.Quote.Exact),
                    CreatedAt = created.At,
                    LastActivityAt = created.At,
                });
                notifications = Mentioned(notifications, documentId, created, created.Body, replyId: null);
                break;

            case AnnotationEvent about when Moderated(documentId, about) is { } entry:
                state = state with { Moderation = state.Moderation.Add(entry) };
                notifications = about is ContentHidden hidden ? WithoutHiddenText(notifications, documentId, hidden) : notifications;
                if (document.Annotations.TryGetValue(about.AnnotationId, out var moderated))
                {
                    document = Put(document, Moderate(moderated, about));
                }

                break;

            case AnnotationEvent about when document.Annotations.TryGetValue(about.AnnotationId, out var annotation):
                var (changed, added) = Fold(annotation with { LastActivityAt = e.At }, about);
                document = Put(document, changed);
                notifications = added(notifications, documentId, annotation);
                break;
        }

        return state with { Documents = state.Documents.SetItem(documentId, document), Notifications = notifications };
    }

    /// <summary>Folds a run of one document's events.</summary>
    public static WorkspaceActivity Apply(WorkspaceActivity state, string documentId, IEnumerable<DocumentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            state = Apply(state, documentId, e);
        }

        return state;
    }

    /// <summary>
    /// The live annotations in other documents that cite passages of <paramref name="documentId"/> as sources, one line per
    /// citation, by document (oldest first) and then by when the annotation was made.
    /// </summary>
    public static IReadOnlyList<CitingAnnotation> CitedBy(WorkspaceActivity state, string documentId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Documents.Values
            .Where(d => d.Id != documentId)
            .OrderBy(d => d.CreatedAt)
            .SelectMany(d => d.Annotations.Values
                .Where(a => !a.Deleted && !a.Hidden)
                .OrderBy(a => a.CreatedAt)
                .SelectMany(a => a.Cites
                    .Where(c => c.DocumentId == documentId && !c.Hidden)
                    .Select(c => new CitingAnnotation(d.Id, d.Title, a.Id, a.Kind, a.Quote, c.Stance, c.Start, c.End, c.Passage))))
            .ToList();
    }

    /// <summary>
    /// The documents with their live annotations and claim counts by status, as <paramref name="viewer"/> may see them
    /// (null: the operator, who sees every status): under blind voting a claim whose status is hidden from them counts as
    /// voting. Oldest first.
    /// </summary>
    public static IReadOnlyList<DocumentListing> ListDocuments(WorkspaceActivity state, ActivityViewer? viewer, bool blindVoting)
    {
        ArgumentNullException.ThrowIfNull(state);
        var list = new List<DocumentListing>(state.Documents.Count);
        foreach (var document in state.Documents.Values)
        {
            int live = 0, open = 0, consensus = 0, disputed = 0, resolved = 0, voting = 0;
            foreach (var a in document.Annotations.Values)
            {
                if (a.Deleted)
                {
                    continue;
                }

                live++;
                if (a.Kind != AnnotationKind.Claim)
                {
                    continue;
                }

                if (viewer is not null && !a.ShowsStatusTo(viewer, blindVoting))
                {
                    voting++;
                    continue;
                }

                switch (a.Status)
                {
                    case ClaimStatus.Open: open++; break;
                    case ClaimStatus.Consensus: consensus++; break;
                    case ClaimStatus.Disputed: disputed++; break;
                    case ClaimStatus.Resolved: resolved++; break;
                }
            }

            list.Add(new DocumentListing(document.Id, document.Title, document.CreatedAt, document.CreatedBy, live, open, consensus, disputed, resolved, voting));
        }

        list.Sort((x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id, y.Id));
        return list;
    }

    /// <summary>
    /// <paramref name="viewer"/>'s work, newest activity first: claims short of their quorum they have not voted on (if
    /// they may vote), disputed claims waiting for a ruling (if they may rule), threads they started or joined that are
    /// not resolved (comments and questions, and claims with replies), and mentions they have not read.
    /// </summary>
    public static IReadOnlyList<WorkItem> Work(WorkspaceActivity state, ActivityViewer viewer, ISet<string> read)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(read);
        var items = new List<WorkItem>();
        var votes = viewer.Role.CanWrite();
        var rules = viewer.Role.CanModerate();
        foreach (var document in state.Documents.Values)
        {
            foreach (var a in document.Annotations.Values)
            {
                if (a.Deleted)
                {
                    continue;
                }

                if (a.Kind == AnnotationKind.Claim)
                {
                    if (votes && a.Status == ClaimStatus.Open && !a.Voters.Contains(viewer.UserId, StringComparer.Ordinal))
                    {
                        items.Add(Item(WorkKind.VoteNeeded, document, a));
                    }

                    if (rules && a.Status == ClaimStatus.Disputed)
                    {
                        items.Add(Item(WorkKind.RulingNeeded, document, a));
                    }
                }

                if (!a.ThreadResolved
                    && (a.Kind != AnnotationKind.Claim || a.Replies > 0)
                    && (a.AuthorId == viewer.UserId || a.Participants.Contains(viewer.UserId, StringComparer.Ordinal)))
                {
                    items.Add(Item(WorkKind.OpenThread, document, a));
                }
            }
        }

        foreach (var entry in Inbox(state, viewer, read))
        {
            if (entry.Notification.Kind == NotificationKind.Mention && !entry.Read
                && state.Documents.TryGetValue(entry.Notification.DocumentId, out var document)
                && document.Annotations.TryGetValue(entry.Notification.AnnotationId, out var a) && !a.Deleted)
            {
                items.Add(Item(WorkKind.Mention, document, a) with { At = entry.Notification.At, NotificationId = entry.Notification.Id });
            }
        }

        items.Sort((x, y) => y.At.CompareTo(x.At));
        return items;
    }

    /// <summary>
    /// <paramref name="viewer"/>'s notifications, newest first, each with its read mark (<paramref name="read"/>: the ids
    /// they marked). A mention is theirs when it names their handle or their user id. One per event: when the same event mentions them and replies to their annotation, the mention.
    /// </summary>
    public static IReadOnlyList<InboxEntry> Inbox(WorkspaceActivity state, ActivityViewer viewer, ISet<string> read)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(read);
        var byHandle = "@" + viewer.Handle;
        var byId = "@" + viewer.UserId;
        var byEvent = new Dictionary<(string, long), InboxNotification>();
        foreach (var n in state.Notifications)
        {
            var mine = n.Recipient == viewer.UserId
                || (viewer.Handle.Length > 0 && string.Equals(n.Recipient, byHandle, StringComparison.OrdinalIgnoreCase))
                || string.Equals(n.Recipient, byId, StringComparison.OrdinalIgnoreCase);
            if (!mine || n.ActorId == viewer.UserId)
            {
                continue;
            }

            var key = (n.DocumentId, n.Sequence);
            if (!byEvent.TryGetValue(key, out var other) || (n.Kind == NotificationKind.Mention && other.Kind != NotificationKind.Mention))
            {
                byEvent[key] = n;
            }
        }

        return byEvent.Values
            .OrderByDescending(n => n.At)
            .ThenByDescending(n => n.Sequence)
            .Select(n => new InboxEntry(n, state.Documents.TryGetValue(n.DocumentId, out var d) ? d.Title : string.Empty, read.Contains(n.Id)))
            .ToList();
    }

    /// <summary>Flags and moderators' actions, newest first.</summary>
    public static IReadOnlyList<ModerationEntry> ModerationLog(WorkspaceActivity state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Moderation.Reverse().ToList();
    }

    private static ModerationEntry? Moderated(string documentId, AnnotationEvent e) => e switch
    {
        ContentFlagged x => new(ModerationAction.Flag, documentId, x.AnnotationId, x.Item, x.ItemId, x.Reason, x.ActorId, x.At, x.Sequence),
        ContentHidden x => new(ModerationAction.Hide, documentId, x.AnnotationId, x.Item, x.ItemId, x.Reason, x.ActorId, x.At, x.Sequence),
        ContentUnhidden x => new(ModerationAction.Unhide, documentId, x.AnnotationId, x.Item, x.ItemId, string.Empty, x.ActorId, x.At, x.Sequence),
        ThreadLocked x => new(ModerationAction.Lock, documentId, x.AnnotationId, ModeratedItem.Annotation, x.AnnotationId, x.Reason, x.ActorId, x.At, x.Sequence),
        ThreadUnlocked x => new(ModerationAction.Unlock, documentId, x.AnnotationId, ModeratedItem.Annotation, x.AnnotationId, string.Empty, x.ActorId, x.At, x.Sequence),
        _ => null,
    };

    private delegate ImmutableList<InboxNotification> Notify(ImmutableList<InboxNotification> notifications, string documentId, AnnotationActivity before);

    private static readonly Notify Nobody = (notifications, _, _) => notifications;

    private static (AnnotationActivity Changed, Notify Notify) Fold(AnnotationActivity a, AnnotationEvent e) => e switch
    {
        AnnotationEdited edited => (a with { Kind = edited.Kind }, Nobody),
        AnnotationDeleted => (a with { Deleted = true }, Nobody),
        ReplyAdded reply => (
            a with { Replies = a.Replies + 1, Participants = AddOnce(a.Participants, reply.ActorId) },
            (n, documentId, before) =>
            {
                n = Mentioned(n, documentId, reply, reply.Body, reply.ReplyId);
                return before.AuthorId == reply.ActorId
                    ? n
                    : n.Add(Notification(NotificationKind.Reply, before.AuthorId, documentId, reply, reply.Body, reply.ReplyId));
            }),
        ReplyDeleted => (a with { Replies = Math.Max(0, a.Replies - 1) }, Nobody),
        VoteCast vote => (a with { Voters = AddOnce(a.Voters, vote.ActorId) }, Nobody),
        VotesRevealed => (a with { RevealedTo = AddOnce(a.RevealedTo, e.ActorId) }, Nobody),
        ClaimStatusChanged status => (
            a with { Status = status.To },
            status.To == ClaimStatus.Disputed ? (n, documentId, before) => ToVoters(n, NotificationKind.Disputed, documentId, status, before, before.Quote) : Nobody),
        ClaimResolved ruling => (
            a with { Status = ClaimStatus.Resolved, EverResolved = true },
            (n, documentId, before) => ToVoters(n, NotificationKind.Ruling, documentId, ruling, before, ruling.Rationale)),
        ClaimReopened reopened => (a with { Status = reopened.To }, Nobody),
        ThreadResolved => (a with { ThreadResolved = true }, Nobody),
        ThreadReopened => (a with { ThreadResolved = false }, Nobody),
        SourceAttached { LinkedDocumentId: { } cited, LinkedTarget: { } passage } source => (
            a with { Cites = a.Cites.Add(new CitationActivity(source.SourceId, cited, source.Stance, passage.Position.Start, passage.Position.End, Shorten(passage.Quote.Exact))) },
            Nobody),
        SourceDetached detached => (a with { Cites = a.Cites.RemoveAll(c => c.SourceId == detached.SourceId) }, Nobody),
        _ => (a, Nobody),
    };

    /// <summary>A hidden or unhidden annotation or source: marked, so that "cited by" leaves it out meanwhile.</summary>
    private static AnnotationActivity Moderate(AnnotationActivity a, AnnotationEvent e)
    {
        (ModeratedItem? item, string? itemId, bool hidden) = e switch
        {
            ContentHidden h => ((ModeratedItem?)h.Item, (string?)h.ItemId, true),
            ContentUnhidden u => (u.Item, u.ItemId, false),
            _ => (null, null, false),
        };
        return item switch
        {
            ModeratedItem.Annotation => a with { Hidden = hidden },
            ModeratedItem.Source => a with { Cites = [.. a.Cites.Select(c => c.SourceId == itemId ? c with { Hidden = hidden } : c)] },
            _ => a,
        };
    }

    private static ImmutableList<InboxNotification> Mentioned(
        ImmutableList<InboxNotification> notifications, string documentId, AnnotationEvent e, string body, string? replyId)
    {
        foreach (var handle in Mentions.Extract(body))
        {
            notifications = notifications.Add(Notification(NotificationKind.Mention, "@" + handle.ToLowerInvariant(), documentId, e, body, replyId));
        }

        return notifications;
    }

    /// <summary>
    /// Inbox lines quoting what a moderator hid (a reply, or the annotation's own text that mentioned someone) show the
    /// moderator's reason instead, from then on (unhiding does not bring the excerpt back; the item itself is back).
    /// </summary>
    private static ImmutableList<InboxNotification> WithoutHiddenText(ImmutableList<InboxNotification> notifications, string documentId, ContentHidden hidden)
    {
        bool Quotes(InboxNotification n) =>
            n.DocumentId == documentId && n.AnnotationId == hidden.AnnotationId && hidden.Item switch
            {
                ModeratedItem.Reply => n.ReplyId == hidden.ItemId,
                ModeratedItem.Annotation => n.ReplyId is null && n.Kind == NotificationKind.Mention,
                _ => false,
            };

        return notifications.Any(Quotes)
            ? [.. notifications.Select(n => Quotes(n) ? n with { Excerpt = Shorten("Hidden by a moderator: " + hidden.Reason) } : n)]
            : notifications;
    }

    private static ImmutableList<InboxNotification> ToVoters(
        ImmutableList<InboxNotification> notifications, NotificationKind kind, string documentId, AnnotationEvent e, AnnotationActivity claim, string excerpt)
    {
        foreach (var voter in claim.Voters)
        {
            notifications = notifications.Add(Notification(kind, voter, documentId, e, excerpt, replyId: null));
        }

        return notifications;
    }

    private static InboxNotification Notification(NotificationKind kind, string recipient, string documentId, AnnotationEvent e, string excerpt, string? replyId) => new()
    {
        Id = $"{documentId}:{e.Sequence}:{kind.ToString().ToLowerInvariant()}",
        Kind = kind,
        Recipient = recipient,
        DocumentId = documentId,
        AnnotationId = e.AnnotationId,
        ReplyId = replyId,
        ActorId = e.ActorId,
        At = e.At,
        Excerpt = Shorten(excerpt),
        Sequence = e.Sequence,
    };

    private static WorkItem Item(WorkKind kind, DocumentActivity document, AnnotationActivity a) =>
        new(kind, document.Id, document.Title, a.Id, a.Kind, a.Quote, a.Voters.Length, a.Replies, a.LastActivityAt);

    private static DocumentActivity Put(DocumentActivity document, AnnotationActivity annotation) =>
        document with { Annotations = document.Annotations.SetItem(annotation.Id, annotation) };

    private static ImmutableArray<string> AddOnce(ImmutableArray<string> list, string userId) =>
        list.Contains(userId, StringComparer.Ordinal) ? list : list.Add(userId);

    private static string Shorten(string text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length <= QuoteLength)
        {
            return trimmed;
        }

        var cut = QuoteLength;
        if (char.IsLowSurrogate(trimmed[cut]))
        {
            cut--;
        }

        return trimmed[..cut] + "…";
    }
}
