using System.Collections.Immutable;

namespace AnnotateHub.Domain;

/// <content>Applying events: Evolve and Fold.</content>
public static partial class DocumentDecider
{
    /// <summary>
    /// Applies one event. Total for every event <see cref="Decide"/> produces for <paramref name="state"/>.
    /// Looks annotations up by id in O(1); replacing one annotation copies the annotation array (no text work).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The event does not follow the state: its sequence is not <c>state.Version + 1</c>, or it refers to an
    /// annotation, reply or source that does not exist (a corrupt or misordered stream).
    /// </exception>
    public static DocumentState Evolve(DocumentState state, DocumentEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        CheckSequence(state.Version, e);

        switch (e)
        {
            case DocumentCreated created:
                return ApplyCreated(state, created) with { Version = e.Sequence };

            case AnnotationCreated created:
            {
                var index = state.GetAnnotationIndex();
                if (index.ContainsKey(created.AnnotationId))
                {
                    throw new InvalidOperationException($"Event {e.Sequence} ({e.EventType}) creates annotation '{created.AnnotationId}', which already exists.");
                }

                var annotations = state.Annotations.Add(NewAnnotation(created));
                var extended = new Dictionary<string, int>(index, StringComparer.Ordinal)
                {
                    [created.AnnotationId] = annotations.Length - 1,
                };
                return (state with { Annotations = annotations, Version = e.Sequence }).WithAnnotationIndex(extended);
            }

            case AnnotationEvent annotationEvent:
            {
                var index = state.GetAnnotationIndex();
                var i = FindOrThrow(index, annotationEvent);
                var updated = Apply(state.Annotations[i], annotationEvent);
                return (state with { Annotations = state.Annotations.SetItem(i, updated), Version = e.Sequence })
                    .WithAnnotationIndex(index);
            }

            default:
                throw new ArgumentException($"Unknown event type {e.GetType().Name}.", nameof(e));
        }
    }

    /// <summary>Replays a document's events from the beginning.</summary>
    public static DocumentState Fold(IEnumerable<DocumentEvent> events) => Fold(DocumentState.Empty, events);

    /// <summary>
    /// Applies <paramref name="events"/> in order to <paramref name="state"/> (e.g. a snapshot). Same result as
    /// calling <see cref="Evolve"/> for each, but builds the annotation array and index once: linear in the number
    /// of events and annotations.
    /// </summary>
    public static DocumentState Fold(DocumentState state, IEnumerable<DocumentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(events);

        var header = state;
        ImmutableArray<Annotation>.Builder? annotations = null;

        // The id -> position index is copied only when an annotation is created; edits, votes and replies keep
        // positions, so they read (and the result shares) the previous state's index.
        Dictionary<string, int>? index = null;
        var version = state.Version;
        var creations = events is IReadOnlyCollection<DocumentEvent> known ? known.Count(e => e is AnnotationCreated) : -1;

        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            CheckSequence(version, e);
            version = e.Sequence;
            switch (e)
            {
                case DocumentCreated created:
                    if (annotations is { Count: > 0 })
                    {
                        throw new InvalidOperationException($"Event {e.Sequence} ({e.EventType}) would create a document that already has annotations.");
                    }

                    header = ApplyCreated(header with { Version = version - 1 }, created);
                    break;

                case AnnotationCreated annotationCreated:
                    annotations ??= StartBuilder(state, creations);
                    index ??= new Dictionary<string, int>(state.GetAnnotationIndex(), StringComparer.Ordinal);
                    if (!index.TryAdd(annotationCreated.AnnotationId, annotations.Count))
                    {
                        throw new InvalidOperationException($"Event {e.Sequence} ({e.EventType}) creates annotation '{annotationCreated.AnnotationId}', which already exists.");
                    }

                    annotations.Add(NewAnnotation(annotationCreated));
                    break;

                case AnnotationEvent annotationEvent:
                    annotations ??= StartBuilder(state, creations);
                    var i = FindOrThrow(index ?? state.GetAnnotationIndex(), annotationEvent);
                    annotations[i] = Apply(annotations[i], annotationEvent);
                    break;

                default:
                    throw new ArgumentException($"Unknown event type {e.GetType().Name}.", nameof(events));
            }
        }

        if (version == state.Version)
        {
            return state;
        }

        if (annotations is null)
        {
            return header with { Version = version };
        }

        var result = header with { Annotations = annotations.DrainToImmutable(), Version = version };
        return result.WithAnnotationIndex(index ?? state.GetAnnotationIndex());
    }

    /// <summary>
    /// A builder holding the state's annotations. When the number of creations ahead is known the capacity is exact,
    /// so <c>DrainToImmutable</c> hands the array over without a second copy.
    /// </summary>
    private static ImmutableArray<Annotation>.Builder StartBuilder(DocumentState state, int created)
    {
        var capacity = created >= 0 ? state.Annotations.Length + created : Math.Max(16, state.Annotations.Length * 2);
        var builder = ImmutableArray.CreateBuilder<Annotation>(capacity);
        builder.AddRange(state.Annotations);
        return builder;
    }

    private static void CheckSequence(long version, DocumentEvent e)
    {
        if (e.Sequence != version + 1)
        {
            throw new InvalidOperationException(
                $"Event {e.EventType} has sequence {e.Sequence}, but the document is at version {version}; events must be applied in order, without gaps.");
        }
    }

    private static int FindOrThrow(Dictionary<string, int> index, AnnotationEvent e) =>
        index.TryGetValue(e.AnnotationId, out var i)
            ? i
            : throw new InvalidOperationException($"Event {e.Sequence} ({e.EventType}) refers to annotation '{e.AnnotationId}', which does not exist.");

    private static DocumentState ApplyCreated(DocumentState state, DocumentCreated e)
    {
        if (state.Exists)
        {
            throw new InvalidOperationException($"Event {e.Sequence} ({e.EventType}) would create document '{e.DocumentId}', which already exists.");
        }

        return state with
        {
            Id = e.DocumentId,
            WorkspaceId = e.WorkspaceId,
            Title = e.Title,
            Text = e.Text,
            SourceUrl = e.SourceUrl,
            CreatedBy = e.ActorId,
            CreatedAt = e.At,
            Quorum = e.Quorum,
        };
    }

    private static Annotation NewAnnotation(AnnotationCreated e) => new()
    {
        Id = e.AnnotationId,
        Kind = e.Kind,
        Target = e.Target,
        Body = e.Body,
        Tags = e.Tags.IsDefault ? [] : e.Tags,
        AuthorId = e.ActorId,
        CreatedAt = e.At,
    };

    /// <summary>Applies an event about an existing annotation.</summary>
    private static Annotation Apply(Annotation a, AnnotationEvent e) => e switch
    {
        AnnotationEdited x => a with { Kind = x.Kind, Body = x.Body, Tags = x.Tags.IsDefault ? [] : x.Tags, EditedAt = x.At },
        AnnotationDeleted x => a with { Deleted = true, DeletedAt = x.At, DeletedBy = x.ActorId },
        ReplyAdded x => a with
        {
            Replies = a.Replies.Add(new Reply { Id = x.ReplyId, AuthorId = x.ActorId, Body = x.Body, CreatedAt = x.At }),
        },
        ReplyEdited x => a with { Replies = ReplaceReply(a, x, r => r with { Body = x.Body, EditedAt = x.At }) },
        ReplyDeleted x => a with { Replies = ReplaceReply(a, x, r => r with { Deleted = true, DeletedAt = x.At, DeletedBy = x.ActorId }) },
        SourceAttached x => a with
        {
            Sources = a.Sources.Add(new Source
            {
                Id = x.SourceId,
                AddedBy = x.ActorId,
                AddedAt = x.At,
                Title = x.Title,
                Stance = x.Stance,
                Url = x.Url,
                Quote = x.Quote,
                Note = x.Note,
                LinkedDocumentId = x.LinkedDocumentId,
                LinkedTarget = x.LinkedTarget,
            }),
        },
        SourceDetached x => a with { Sources = a.Sources.RemoveAt(IndexOfSource(a, x)) },
        VoteCast x => a with { Votes = ApplyVote(a.Votes, x) },
        ClaimStatusChanged x => a with
        {
            Status = x.To,
            StatusHistory = a.StatusHistory.Add(new StatusChange(x.From, x.To, x.ActorId, x.At)),
        },
        ClaimResolved x => a with
        {
            Status = ClaimStatus.Resolved,
            Resolution = new Resolution
            {
                Verdict = x.Verdict,
                Rationale = x.Rationale,
                ResolvedBy = x.ActorId,
                ResolvedAt = x.At,
                MinorityVotes = x.MinorityVotes.IsDefault ? [] : x.MinorityVotes,
            },
            StatusHistory = a.StatusHistory.Add(new StatusChange(x.From, ClaimStatus.Resolved, x.ActorId, x.At, x.Rationale)),
        },
        ClaimReopened x => a with
        {
            Status = x.To,
            Resolution = null,
            StatusHistory = a.StatusHistory.Add(new StatusChange(ClaimStatus.Resolved, x.To, x.ActorId, x.At, x.Rationale)),
        },
        ThreadResolved x => a with { ThreadResolved = true, ThreadResolvedBy = x.ActorId, ThreadResolvedAt = x.At },
        ThreadReopened => a with { ThreadResolved = false, ThreadResolvedBy = null, ThreadResolvedAt = null },
        ClaimPublished x => a with
        {
            Publication = new Publication
            {
                Slug = x.Slug,
                Headline = x.Headline,
                Summary = x.Summary,
                Claimant = x.Claimant,
                ClaimDate = x.ClaimDate,
                PublishedBy = x.ActorId,
                FirstPublishedAt = a.Publication?.FirstPublishedAt ?? x.At,
                PublishedAt = x.At,
            },
        },
        ClaimUnpublished x => a.Publication is { } p ? a with { Publication = p with { WithdrawnAt = x.At } } : a,
        VotesRevealed x => a.HasRevealedVotes(x.ActorId) ? a : a with { VotesRevealedTo = a.VotesRevealedTo.Add(x.ActorId) },
        ContentFlagged x => a with
        {
            Flags = a.Flags.Add(new Flag { Id = x.FlagId, Item = x.Item, ItemId = x.ItemId, Reason = x.Reason, By = x.ActorId, At = x.At }),
        },
        ContentHidden x => a with
        {
            HiddenItems = a.HiddenItems.RemoveAll(h => h.Item == x.Item && h.ItemId == x.ItemId)
                .Add(new HiddenItem { Item = x.Item, ItemId = x.ItemId, Reason = x.Reason, By = x.ActorId, At = x.At }),
        },
        ContentUnhidden x => a with { HiddenItems = a.HiddenItems.RemoveAll(h => h.Item == x.Item && h.ItemId == x.ItemId) },
        ThreadLocked x => a with { ThreadLocked = true, ThreadLockedBy = x.ActorId, ThreadLockedReason = x.Reason },
        ThreadUnlocked => a with { ThreadLocked = false, ThreadLockedBy = null, ThreadLockedReason = null },
        _ => throw new ArgumentException($"Event {e.Sequence} ({e.EventType}) cannot be applied to an existing annotation.", nameof(e)),
    };

    /// <summary>The votes after <paramref name="e"/>: the actor's vote replaced in place, or appended.</summary>
    private static ImmutableArray<Vote> ApplyVote(ImmutableArray<Vote> votes, VoteCast e)
    {
        for (var i = 0; i < votes.Length; i++)
        {
            if (votes[i].UserId == e.ActorId)
            {
                return votes.SetItem(i, votes[i] with { Verdict = e.Verdict, Rationale = e.Rationale, ChangedAt = e.At });
            }
        }

        return votes.Add(new Vote { UserId = e.ActorId, Verdict = e.Verdict, Rationale = e.Rationale, CastAt = e.At });
    }

    private static ImmutableArray<Reply> ReplaceReply(Annotation a, AnnotationEvent e, Func<Reply, Reply> change)
    {
        var replyId = e switch
        {
            ReplyEdited x => x.ReplyId,
            ReplyDeleted x => x.ReplyId,
            _ => throw new ArgumentException("Not a reply event.", nameof(e)),
        };

        for (var i = 0; i < a.Replies.Length; i++)
        {
            if (a.Replies[i].Id == replyId)
            {
                return a.Replies.SetItem(i, change(a.Replies[i]));
            }
        }

        throw new InvalidOperationException($"Event {e.Sequence} ({e.EventType}) refers to reply '{replyId}' of annotation '{a.Id}', which does not exist.");
    }

    private static int IndexOfSource(Annotation a, SourceDetached e)
    {
        for (var i = 0; i < a.Sources.Length; i++)
        {
            if (a.Sources[i].Id == e.SourceId)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Event {e.Sequence} ({e.EventType}) refers to source '{e.SourceId}' of annotation '{a.Id}', which does not exist.");
    }
}
