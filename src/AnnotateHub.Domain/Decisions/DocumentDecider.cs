using System.Collections.Immutable;
using System.Text;

namespace AnnotateHub.Domain;

/// <summary>
/// The document's rules as pure functions: <see cref="Decide"/> judges a command against a state and returns
/// events or an error; <see cref="Evolve"/> applies one event; <see cref="Fold(IEnumerable{DocumentEvent})"/>
/// replays many. Time is passed in; nothing is read from the environment.
/// </summary>
/// <remarks>
/// <para>Rules (each failure is a <see cref="DomainError"/>; a rejected command yields no events):</para>
/// <list type="bullet">
/// <item><description>Every command but <see cref="CreateDocument"/> needs an existing document (NotFound);
/// creating an existing one is a Conflict.</description></item>
/// <item><description>Viewers write nothing (Forbidden). Reviewers and above create documents, highlight, reply,
/// attach sources and vote. Only the author (of an annotation or reply; the user who attached a source) or a
/// moderator/admin may edit or delete it. Only moderators/admins resolve and reopen claims.</description></item>
/// <item><description>Deleted annotations and replies are tombstones: commands on them fail with NotFound.
/// Ids are chosen by the caller and never reused within their scope (Conflict).</description></item>
/// <item><description>Only claims take votes, one per user, changeable until the claim is resolved (then Conflict).
/// Status: fewer votes than the quorum: open; at or above it, all verdicts equal: consensus, otherwise disputed.
/// A vote that changes the status is followed by <see cref="ClaimStatusChanged"/>.</description></item>
/// <item><description>A vote needs a rationale when the command says the workspace requires one. Resolving needs a
/// claim whose votes reached the quorum (consensus or disputed; an open claim is a Conflict, a resolved one too) and a
/// rationale; it records the minority votes. Reopening needs a resolved claim and a
/// reason; the status is recomputed from the votes.</description></item>
/// <item><description>A moderator may reveal a claim's votes before voting (recorded; see <see cref="VoteVisibility"/>).</description></item>
/// <item><description>A claim with votes or a ruling cannot become a comment or question (Conflict).</description></item>
/// <item><description>An annotation's discussion thread (any kind) is resolved and reopened by the annotation's author
/// or a moderator/admin (others: Forbidden); this is separate from a claim's ruling. Replies to a resolved thread are
/// accepted and leave it resolved. Resolving a resolved thread, or reopening an open one, changes nothing.</description></item>
/// <item><description>Sizes are checked against <see cref="DomainLimits"/>.</description></item>
/// <item><description>An edit, vote, thread resolve or thread reopen that changes nothing is accepted with zero events
/// (idempotent retry).</description></item>
/// </list>
/// <para>Events of one decision have consecutive sequences starting at <c>state.Version + 1</c>.</para>
/// </remarks>
public static partial class DocumentDecider
{
    /// <summary>Judges <paramref name="command"/> against <paramref name="state"/> at time <paramref name="now"/>.</summary>
    /// <param name="state">The current state (<see cref="DocumentState.Empty"/> for a new document).</param>
    /// <param name="command">The command, carrying its actor.</param>
    /// <param name="now">The time recorded in the events.</param>
    /// <param name="limits">Size limits; <see cref="DomainLimits.Default"/> when null.</param>
    /// <returns>The events to append, or the error that rejected the command.</returns>
    public static Decision Decide(DocumentState state, DocumentCommand command, DateTimeOffset now, DomainLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        limits ??= DomainLimits.Default;

        var actor = command.Actor;
        if (actor is null || string.IsNullOrWhiteSpace(actor.UserId))
        {
            return Errors.ActorRequired();
        }

        if (!actor.Role.CanWrite() && command is not FlagContent)
        {
            return Errors.ViewerCannotWrite();
        }

        if (command is CreateDocument create)
        {
            return DecideCreate(state, create, now, limits);
        }

        if (!state.Exists)
        {
            return Errors.DocumentNotFound();
        }

        var context = new Context(state, actor, now, limits);
        return command switch
        {
            Highlight c => DecideHighlight(context, c),
            EditAnnotation c => DecideEditAnnotation(context, c),
            DeleteAnnotation c => DecideDeleteAnnotation(context, c),
            AddReply c => DecideAddReply(context, c),
            EditReply c => DecideEditReply(context, c),
            DeleteReply c => DecideDeleteReply(context, c),
            AttachSource c => DecideAttachSource(context, c),
            DetachSource c => DecideDetachSource(context, c),
            CastVote c => DecideCastVote(context, c),
            ResolveClaim c => DecideResolveClaim(context, c),
            ReopenClaim c => DecideReopenClaim(context, c),
            ResolveThread c => DecideResolveThread(context, c),
            ReopenThread c => DecideReopenThread(context, c),
            RevealVotes c => DecideRevealVotes(context, c),
            FlagContent c => DecideFlag(context, c),
            HideContent c => DecideHide(context, c),
            UnhideContent c => DecideUnhide(context, c),
            LockThread c => DecideLockThread(context, c),
            UnlockThread c => DecideUnlockThread(context, c),
            PublishClaim c => DecidePublishClaim(context, c),
            UnpublishClaim c => DecideUnpublishClaim(context, c),
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    /// <summary>
    /// The status a claim's votes give it: fewer than <paramref name="quorum"/> votes: <see cref="ClaimStatus.Open"/>;
    /// otherwise <see cref="ClaimStatus.Consensus"/> when all verdicts are equal, else <see cref="ClaimStatus.Disputed"/>.
    /// </summary>
    public static ClaimStatus ComputeVoteStatus(ImmutableArray<Vote> votes, int quorum)
    {
        if (votes.IsDefaultOrEmpty || votes.Length < quorum)
        {
            return ClaimStatus.Open;
        }

        var first = votes[0].Verdict;
        foreach (var vote in votes)
        {
            if (vote.Verdict != first)
            {
                return ClaimStatus.Disputed;
            }
        }

        return ClaimStatus.Consensus;
    }

    /// <summary>What every handler needs.</summary>
    private readonly record struct Context(DocumentState State, Actor Actor, DateTimeOffset Now, DomainLimits Limits)
    {
        public string ActorId => Actor.UserId;

        /// <summary>The sequence of the n-th (0-based) event of this decision.</summary>
        public long Sequence(int n = 0) => State.Version + 1 + n;

        public bool MayChange(string authorId) => Actor.Role.CanModerate() || string.Equals(Actor.UserId, authorId, StringComparison.Ordinal);
    }

    private static Decision DecideCreate(DocumentState state, CreateDocument c, DateTimeOffset now, DomainLimits limits)
    {
        if (state.Exists)
        {
            return Errors.DocumentExists();
        }

        if (CheckId(c.DocumentId, "document", limits) is { } e1)
        {
            return e1;
        }

        if (CheckId(c.WorkspaceId, "workspace", limits) is { } e2)
        {
            return e2;
        }

        var title = CleanSingleLine(c.Title);
        if (title.Length == 0)
        {
            return Errors.TitleRequired();
        }

        var titleLength = TextIndex.CountCodePoints(title);
        if (titleLength > limits.MaxTitleLength)
        {
            return Errors.TitleTooLong(limits.MaxTitleLength, titleLength);
        }

        if (c.Quorum < 1 || c.Quorum > limits.MaxQuorum)
        {
            return Errors.QuorumInvalid(c.Quorum, limits.MaxQuorum);
        }

        string? sourceUrl = null;
        if (!string.IsNullOrWhiteSpace(c.SourceUrl))
        {
            sourceUrl = c.SourceUrl.Trim();
            if (!IsWebUrl(sourceUrl, limits))
            {
                return Errors.UrlInvalid("source URL of the document");
            }
        }

        var raw = c.Text ?? string.Empty;

        // Normalisation can only shrink text by dropping characters; refuse absurd input before doing the work.
        if ((long)raw.Length > 4L * limits.MaxTextBytes)
        {
            return Errors.TextTooLarge(limits.MaxTextBytes, Encoding.UTF8.GetByteCount(raw));
        }

        var text = TextNormalizer.Normalize(raw);
        if (text.Length == 0)
        {
            return Errors.TextEmpty();
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > limits.MaxTextBytes)
        {
            return Errors.TextTooLarge(limits.MaxTextBytes, bytes);
        }

        return Decision.Accept(new DocumentCreated
        {
            ActorId = c.Actor.UserId,
            At = now,
            Sequence = state.Version + 1,
            DocumentId = c.DocumentId,
            WorkspaceId = c.WorkspaceId,
            Title = title,
            Text = text,
            SourceUrl = sourceUrl,
            Quorum = c.Quorum,
        });
    }

    private static Decision DecideHighlight(Context x, Highlight c)
    {
        if (CheckId(c.AnnotationId, "annotation", x.Limits) is { } idError)
        {
            return idError;
        }

        if (x.State.FindAnnotation(c.AnnotationId) is not null)
        {
            return Errors.AnnotationExists(c.AnnotationId);
        }

        if (!Enum.IsDefined(c.Kind))
        {
            return Errors.ValueUnknown("annotation kind", c.Kind);
        }

        if (c.Target is null)
        {
            return Errors.TargetRequired();
        }

        if (!TryCleanBody(c.Body, "The annotation body", x.Limits.MaxBodyLength, out var body, out var bodyError))
        {
            return bodyError;
        }

        if (!TryCleanTags(c.Tags, x.Limits, out var tags, out var tagError))
        {
            return tagError;
        }

        var resolved = TargetResolver.Resolve(x.State.TextIndex, c.Target);
        if (!resolved.TryGetValue(out var target, out var targetError))
        {
            return targetError;
        }

        return Decision.Accept(new AnnotationCreated
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = c.AnnotationId,
            Kind = c.Kind,
            Target = target,
            Body = body,
            Tags = tags,
        });
    }

    private static Decision DecideEditAnnotation(Context x, EditAnnotation c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!x.MayChange(annotation.AuthorId))
        {
            return Errors.NotAuthor("annotation");
        }

        var kind = c.Kind ?? annotation.Kind;
        if (!Enum.IsDefined(kind))
        {
            return Errors.ValueUnknown("annotation kind", kind);
        }

        var body = annotation.Body;
        if (c.Body is not null && !TryCleanBody(c.Body, "The annotation body", x.Limits.MaxBodyLength, out body, out var bodyError))
        {
            return bodyError;
        }

        var tags = annotation.Tags;
        if (c.Tags is { } newTags && !TryCleanTags(newTags, x.Limits, out tags, out var tagError))
        {
            return tagError;
        }

        if (annotation.IsClaim() && kind != AnnotationKind.Claim
            && (annotation.Votes.Length > 0 || annotation.Status == ClaimStatus.Resolved))
        {
            return Errors.ClaimHasVotes();
        }

        if (kind == annotation.Kind && body == annotation.Body && tags.SequenceEqual(annotation.Tags, StringComparer.Ordinal))
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new AnnotationEdited
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            Kind = kind,
            Body = body,
            Tags = tags,
        });
    }

    private static Decision DecideDeleteAnnotation(Context x, DeleteAnnotation c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!x.MayChange(annotation.AuthorId))
        {
            return Errors.NotAuthor("annotation");
        }

        return Decision.Accept(new AnnotationDeleted
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
        });
    }

    private static Decision DecideAddReply(Context x, AddReply c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (annotation.ThreadLocked)
        {
            return Errors.ThreadLocked(annotation.ThreadLockedReason);
        }

        if (CheckId(c.ReplyId, "reply", x.Limits) is { } idError)
        {
            return idError;
        }

        if (annotation.FindReply(c.ReplyId) is not null)
        {
            return Errors.ReplyExists(c.ReplyId);
        }

        if (!TryCleanRequiredBody(c.Body, "reply", x.Limits, out var body, out var bodyError))
        {
            return bodyError;
        }

        return Decision.Accept(new ReplyAdded
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            ReplyId = c.ReplyId,
            Body = body,
        });
    }

    private static Decision DecideEditReply(Context x, EditReply c)
    {
        if (!TryGetLiveReply(x, c.AnnotationId, c.ReplyId, out var annotation, out var reply, out var error))
        {
            return error;
        }

        if (!x.MayChange(reply.AuthorId))
        {
            return Errors.NotAuthor("reply");
        }

        if (!TryCleanRequiredBody(c.Body, "reply", x.Limits, out var body, out var bodyError))
        {
            return bodyError;
        }

        if (body == reply.Body)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ReplyEdited
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            ReplyId = reply.Id,
            Body = body,
        });
    }

    private static Decision DecideDeleteReply(Context x, DeleteReply c)
    {
        if (!TryGetLiveReply(x, c.AnnotationId, c.ReplyId, out var annotation, out var reply, out var error))
        {
            return error;
        }

        if (!x.MayChange(reply.AuthorId))
        {
            return Errors.NotAuthor("reply");
        }

        return Decision.Accept(new ReplyDeleted
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            ReplyId = reply.Id,
        });
    }

    private static Decision DecideAttachSource(Context x, AttachSource c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (CheckId(c.SourceId, "source", x.Limits) is { } idError)
        {
            return idError;
        }

        if (annotation.FindSource(c.SourceId) is not null)
        {
            return Errors.SourceExists(c.SourceId);
        }

        var title = CleanSingleLine(c.Title);
        if (title.Length == 0)
        {
            return Errors.SourceTitleRequired();
        }

        var titleLength = TextIndex.CountCodePoints(title);
        if (titleLength > x.Limits.MaxSourceTitleLength)
        {
            return Errors.SourceTitleTooLong(x.Limits.MaxSourceTitleLength, titleLength);
        }

        if (!Enum.IsDefined(c.Stance))
        {
            return Errors.ValueUnknown("source stance", c.Stance);
        }

        var hasUrl = !string.IsNullOrWhiteSpace(c.Url);
        var hasPassage = !string.IsNullOrWhiteSpace(c.LinkedDocumentId) || c.LinkedTarget is not null;
        string? url = null;
        string? linkedDocumentId = null;
        if (hasUrl && hasPassage)
        {
            return Errors.SourceLocation("The source has both a URL and a linked passage; keep one");
        }

        if (!hasUrl && !hasPassage)
        {
            return Errors.SourceLocation("The source has neither a URL nor a linked passage; add one");
        }

        if (hasUrl)
        {
            url = c.Url!.Trim();
            if (!IsWebUrl(url, x.Limits))
            {
                return Errors.UrlInvalid("source URL");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(c.LinkedDocumentId) || c.LinkedTarget is null)
            {
                return Errors.SourceLocation("A linked passage needs both the other document's id and the selected passage");
            }

            if (CheckId(c.LinkedDocumentId, "linked document", x.Limits) is { } linkedIdError)
            {
                return linkedIdError;
            }

            if (!IsPlausibleTarget(c.LinkedTarget))
            {
                return Errors.SourceLocation("The linked passage is empty or malformed; select it again in the other document");
            }

            linkedDocumentId = c.LinkedDocumentId;
        }

        if (!TryCleanOptional(c.Quote, "The source quote", x.Limits.MaxBodyLength, out var quote, out var quoteError))
        {
            return quoteError;
        }

        if (!TryCleanOptional(c.Note, "The source note", x.Limits.MaxBodyLength, out var note, out var noteError))
        {
            return noteError;
        }

        return Decision.Accept(new SourceAttached
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            SourceId = c.SourceId,
            Title = title,
            Stance = c.Stance,
            Url = url,
            Quote = quote,
            Note = note,
            LinkedDocumentId = linkedDocumentId,
            LinkedTarget = linkedDocumentId is null ? null : c.LinkedTarget,
        });
    }

    private static Decision DecideDetachSource(Context x, DetachSource c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        var source = c.SourceId is null ? null : annotation.FindSource(c.SourceId);
        if (source is null)
        {
            return Errors.SourceNotFound(c.SourceId ?? string.Empty);
        }

        if (!x.MayChange(source.AddedBy))
        {
            return Errors.NotAuthor("source");
        }

        return Decision.Accept(new SourceDetached
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            SourceId = source.Id,
        });
    }

    private static Decision DecideCastVote(Context x, CastVote c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!annotation.IsClaim())
        {
            return Errors.NotAClaim("take votes");
        }

        if (!c.Verdict.IsDefined())
        {
            return Errors.ValueUnknown("verdict", c.Verdict);
        }

        if (!TryCleanRationale(c.Rationale, x.Limits, out var rationale, out var rationaleError))
        {
            return rationaleError;
        }

        if (annotation.Status == ClaimStatus.Resolved)
        {
            return Errors.VoteOnResolved();
        }

        if (c.RequireRationale && rationale.Length == 0)
        {
            return Errors.VoteRationaleRequired();
        }

        var previous = annotation.FindVote(x.ActorId);
        if (previous is not null && previous.Verdict == c.Verdict && previous.Rationale == rationale)
        {
            return Decision.NoChange;
        }

        var voteCast = new VoteCast
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(0),
            AnnotationId = annotation.Id,
            Verdict = c.Verdict,
            Rationale = rationale,
            PreviousVerdict = previous?.Verdict,
        };

        var newStatus = ComputeVoteStatus(ApplyVote(annotation.Votes, voteCast), x.State.Quorum);
        if (newStatus == annotation.Status)
        {
            return Decision.Accept(voteCast);
        }

        return Decision.Accept(voteCast, new ClaimStatusChanged
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(1),
            AnnotationId = annotation.Id,
            From = annotation.Status,
            To = newStatus,
        });
    }

    private static Decision DecideResolveClaim(Context x, ResolveClaim c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("resolve claims");
        }

        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!annotation.IsClaim())
        {
            return Errors.NotAClaim("be resolved");
        }

        if (annotation.Status == ClaimStatus.Resolved)
        {
            return Errors.AlreadyResolved();
        }

        if (annotation.Status == ClaimStatus.Open)
        {
            return Errors.VotingOpen(annotation.Votes.Length, x.State.Quorum);
        }

        if (!c.Verdict.IsDefined())
        {
            return Errors.ValueUnknown("verdict", c.Verdict);
        }

        if (!TryCleanRationale(c.Rationale, x.Limits, out var rationale, out var rationaleError))
        {
            return rationaleError;
        }

        if (rationale.Length == 0)
        {
            return Errors.RationaleRequired();
        }

        return Decision.Accept(new ClaimResolved
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            From = annotation.Status,
            Verdict = c.Verdict,
            Rationale = rationale,
            MinorityVotes = [.. annotation.Votes.Where(v => v.Verdict != c.Verdict)],
        });
    }

    private static Decision DecideReopenClaim(Context x, ReopenClaim c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("reopen claims");
        }

        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!annotation.IsClaim())
        {
            return Errors.NotAClaim("be reopened");
        }

        if (annotation.Status != ClaimStatus.Resolved)
        {
            return Errors.NotResolved();
        }

        if (!TryCleanRationale(c.Rationale, x.Limits, out var rationale, out var rationaleError))
        {
            return rationaleError;
        }

        if (rationale.Length == 0)
        {
            return Errors.ReopenReasonRequired();
        }

        var reopened = new ClaimReopened
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            To = ComputeVoteStatus(annotation.Votes, x.State.Quorum),
            Rationale = rationale,
        };

        // A reopened claim has no ruling to show readers: its publication is withdrawn with it.
        return annotation.Publication is { IsLive: true }
            ? Decision.Accept(reopened, new ClaimUnpublished { ActorId = x.ActorId, At = x.Now, Sequence = x.Sequence(1), AnnotationId = annotation.Id })
            : Decision.Accept(reopened);
    }

    private static Decision DecideRevealVotes(Context x, RevealVotes c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("reveal votes to rule");
        }

        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!annotation.IsClaim())
        {
            return Errors.NotAClaim("have votes revealed");
        }

        if (annotation.HasRevealedVotes(x.ActorId) || annotation.FindVote(x.ActorId) is not null)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new VotesRevealed
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
        });
    }

    private static Decision DecideResolveThread(Context x, ResolveThread c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!x.MayChange(annotation.AuthorId))
        {
            return Errors.NotThreadOwner();
        }

        if (annotation.ThreadResolved)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ThreadResolved
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
        });
    }

    private static Decision DecideReopenThread(Context x, ReopenThread c)
    {
        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!x.MayChange(annotation.AuthorId))
        {
            return Errors.NotThreadOwner();
        }

        if (!annotation.ThreadResolved)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ThreadReopened
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
        });
    }
}
