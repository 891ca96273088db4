namespace AnnotateHub.Domain;

/// <summary>
/// Moderation: anyone flags an annotation, a reply or a source with a reason; a moderator hides one with a reason,
/// shows it again, and locks or unlocks a thread. Every action is an event in the document's history.
/// </summary>
public static partial class DocumentDecider
{
    private static Decision DecideFlag(Context x, FlagContent c)
    {
        if (!TryGetModerated(x, c.AnnotationId, c.Item, c.ItemId, out var annotation, out var itemId, out var error))
        {
            return error;
        }

        if (CheckId(c.FlagId, "flag", x.Limits) is { } idError)
        {
            return idError;
        }

        if (annotation.Flags.Any(f => f.Id == c.FlagId))
        {
            return Errors.FlagExists(c.FlagId);
        }

        if (!TryCleanReason(c.Reason, x.Limits, "flag it", out var reason, out error))
        {
            return error;
        }

        return Decision.Accept(new ContentFlagged
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            FlagId = c.FlagId,
            Item = c.Item,
            ItemId = itemId,
            Reason = reason,
        });
    }

    private static Decision DecideHide(Context x, HideContent c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("hide content");
        }

        if (!TryGetModerated(x, c.AnnotationId, c.Item, c.ItemId, out var annotation, out var itemId, out var error))
        {
            return error;
        }

        if (!TryCleanReason(c.Reason, x.Limits, "hide it", out var reason, out error))
        {
            return error;
        }

        if (annotation.HiddenMark(c.Item, itemId) is { } hidden && hidden.Reason == reason)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ContentHidden
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            Item = c.Item,
            ItemId = itemId,
            Reason = reason,
        });
    }

    private static Decision DecideUnhide(Context x, UnhideContent c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("show hidden content again");
        }

        if (!TryGetModerated(x, c.AnnotationId, c.Item, c.ItemId, out var annotation, out var itemId, out var error))
        {
            return error;
        }

        if (annotation.HiddenMark(c.Item, itemId) is null)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ContentUnhidden
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            Item = c.Item,
            ItemId = itemId,
        });
    }

    private static Decision DecideLockThread(Context x, LockThread c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("lock a thread");
        }

        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!TryCleanReason(c.Reason, x.Limits, "lock the thread", out var reason, out error))
        {
            return error;
        }

        if (annotation.ThreadLocked)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ThreadLocked
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
            Reason = reason,
        });
    }

    private static Decision DecideUnlockThread(Context x, UnlockThread c)
    {
        if (!x.Actor.Role.CanModerate())
        {
            return Errors.ModeratorRequired("unlock a thread");
        }

        if (!TryGetLiveAnnotation(x, c.AnnotationId, out var annotation, out var error))
        {
            return error;
        }

        if (!annotation.ThreadLocked)
        {
            return Decision.NoChange;
        }

        return Decision.Accept(new ThreadUnlocked
        {
            ActorId = x.ActorId,
            At = x.Now,
            Sequence = x.Sequence(),
            AnnotationId = annotation.Id,
        });
    }

    /// <summary>The live annotation and the id of the live item in it (the annotation's own id for the annotation).</summary>
    private static bool TryGetModerated(
        Context x, string? annotationId, ModeratedItem item, string? itemId, out Annotation annotation, out string id, out DomainError error)
    {
        id = string.Empty;
        if (!TryGetLiveAnnotation(x, annotationId, out var found, out var notFound))
        {
            annotation = null!;
            error = notFound;
            return false;
        }

        annotation = found;
        error = null!;
        switch (item)
        {
            case ModeratedItem.Annotation:
                id = found.Id;
                return true;
            case ModeratedItem.Reply when found.FindReply(itemId ?? string.Empty) is { Deleted: false } reply:
                id = reply.Id;
                return true;
            case ModeratedItem.Reply:
                error = Errors.ReplyNotFound(itemId ?? string.Empty);
                return false;
            case ModeratedItem.Source when found.FindSource(itemId ?? string.Empty) is { } source:
                id = source.Id;
                return true;
            case ModeratedItem.Source:
                error = Errors.SourceNotFound(itemId ?? string.Empty);
                return false;
            default:
                error = Errors.ValueUnknown("item", item);
                return false;
        }
    }

    private static bool TryCleanReason(string? raw, DomainLimits limits, string action, out string reason, out DomainError error)
    {
        if (!TryCleanRationale(raw, limits, out reason, out var tooLarge))
        {
            error = tooLarge;
            return false;
        }

        reason = reason.Trim();
        error = reason.Length == 0 ? Errors.ModerationReasonRequired(action) : null!;
        return reason.Length > 0;
    }
}
