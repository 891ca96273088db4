namespace AnnotateHub.Domain;

/// <summary>The domain's error messages, in one place so they stay consistent.</summary>
internal static class Errors
{
    public static DomainError ActorRequired() => DomainError.Invalid(
        ErrorCodes.ActorRequired,
        "The request has no user; sign in again and retry.");

    public static DomainError ViewerCannotWrite() => DomainError.Forbidden(
        ErrorCodes.RoleForbidden,
        "Viewers can read documents but not change them; ask a workspace admin for the reviewer role.");

    public static DomainError ModeratorRequired(string action) => DomainError.Forbidden(
        ErrorCodes.RoleForbidden,
        $"Only moderators and admins can {action}; ask a moderator to do it.");

    public static DomainError NotAuthor(string what) => DomainError.Forbidden(
        ErrorCodes.NotAuthor,
        $"Only the author of this {what} or a moderator can change or delete it; reply instead, or ask a moderator.");

    public static DomainError NotThreadOwner() => DomainError.Forbidden(
        ErrorCodes.NotAuthor,
        "Only the author of this annotation or a moderator can resolve or reopen its thread; reply instead, or ask them.");

    public static DomainError DocumentNotFound() => DomainError.NotFound(
        ErrorCodes.DocumentNotFound,
        "This document does not exist; check the link, or import the document first.");

    public static DomainError DocumentExists() => DomainError.Conflict(
        ErrorCodes.DocumentExists,
        "A document with this id already exists; open it, or import the text as a new document.");

    public static DomainError AnnotationNotFound(string id) => DomainError.NotFound(
        ErrorCodes.AnnotationNotFound,
        $"Annotation '{id}' does not exist or was deleted; reload the document to see its current annotations.");

    public static DomainError AnnotationExists(string id) => DomainError.Conflict(
        ErrorCodes.AnnotationExists,
        $"An annotation with id '{id}' already exists in this document; use a new id.");

    public static DomainError ReplyNotFound(string id) => DomainError.NotFound(
        ErrorCodes.ReplyNotFound,
        $"Reply '{id}' does not exist or was deleted; reload the thread to see its current replies.");

    public static DomainError ReplyExists(string id) => DomainError.Conflict(
        ErrorCodes.ReplyExists,
        $"A reply with id '{id}' already exists on this annotation; use a new id.");

    public static DomainError SourceNotFound(string id) => DomainError.NotFound(
        ErrorCodes.SourceNotFound,
        $"Source '{id}' is not attached to this annotation; reload it to see its current sources.");

    public static DomainError SourceExists(string id) => DomainError.Conflict(
        ErrorCodes.SourceExists,
        $"A source with id '{id}' is already attached to this annotation; use a new id.");

    public static DomainError IdInvalid(string what, int max) => DomainError.Invalid(
        ErrorCodes.IdInvalid,
        $"The {what} id is missing or longer than {max} characters; send a non-empty id such as a GUID.");

    public static DomainError TextEmpty() => DomainError.Invalid(
        ErrorCodes.TextEmpty,
        "The document text is empty; paste or import some text.");

    public static DomainError TextTooLarge(long limit, long actual) =>
        new TooLargeError(ErrorCodes.TextTooLarge, "The document text", limit, actual, "bytes");

    public static DomainError TitleRequired() => DomainError.Invalid(
        ErrorCodes.TitleRequired,
        "The title is empty; give the document a title.");

    public static DomainError TitleTooLong(int limit, int actual) => DomainError.Invalid(
        ErrorCodes.TitleTooLong,
        $"The title is {actual} characters long, more than the limit of {limit}; shorten it.");

    public static DomainError UrlInvalid(string what) => DomainError.Invalid(
        ErrorCodes.UrlInvalid,
        $"The {what} is not a valid web address; give an absolute http:// or https:// URL.");

    public static DomainError QuorumInvalid(int quorum, int max) => DomainError.Invalid(
        ErrorCodes.QuorumInvalid,
        $"The quorum {quorum} is not between 1 and {max}; choose how many votes a claim needs, from 1 to {max}.");

    public static DomainError BodyTooLarge(string what, int limit, int actual) =>
        new TooLargeError(ErrorCodes.BodyTooLarge, what, limit, actual, "characters");

    public static DomainError BodyRequired(string what) => DomainError.Invalid(
        ErrorCodes.BodyRequired,
        $"The {what} is empty; write something before sending.");

    public static DomainError RationaleTooLarge(int limit, int actual) =>
        new TooLargeError(ErrorCodes.RationaleTooLarge, "The rationale", limit, actual, "characters");

    public static DomainError RationaleRequired() => DomainError.Invalid(
        ErrorCodes.RationaleRequired,
        "A ruling needs a rationale; explain why the claim gets this verdict.");

    public static DomainError VoteRationaleRequired() => DomainError.Invalid(
        ErrorCodes.RationaleRequired,
        "This workspace asks for a rationale with every vote; explain why you chose this verdict.");

    public static DomainError ReopenReasonRequired() => DomainError.Invalid(
        ErrorCodes.RationaleRequired,
        "Say why the claim is reopened; the reason is recorded in its history.");

    public static DomainError TooManyTags(int limit, int actual) => DomainError.Invalid(
        ErrorCodes.TooManyTags,
        $"There are {actual} tags, more than the limit of {limit}; remove some.");

    public static DomainError TagInvalid(string tag, int limit) => DomainError.Invalid(
        ErrorCodes.TagInvalid,
        $"The tag \"{tag}\" is not valid; a tag is 1 to {limit} characters on one line.");

    public static DomainError ValueUnknown(string what, object value) => DomainError.Invalid(
        ErrorCodes.ValueUnknown,
        $"'{value}' is not a known {what}; choose one of the offered values.");

    public static DomainError TargetRequired() => DomainError.Invalid(
        ErrorCodes.QuoteEmpty,
        "No passage was selected; select the text to annotate.");

    public static DomainError SourceTitleRequired() => DomainError.Invalid(
        ErrorCodes.SourceTitleRequired,
        "The source has no title; give it one (such as the page or document title).");

    public static DomainError SourceTitleTooLong(int limit, int actual) => DomainError.Invalid(
        ErrorCodes.SourceTitleTooLong,
        $"The source title is {actual} characters long, more than the limit of {limit}; shorten it.");

    public static DomainError SourceLocation(string problem) => DomainError.Invalid(
        ErrorCodes.SourceLocationInvalid,
        $"{problem}; a source is either a web page (a URL) or a passage of another document (its id and the selected passage).");

    public static DomainError NotAClaim(string action) => DomainError.Invalid(
        ErrorCodes.NotAClaim,
        $"Only claims can {action}; this annotation is a comment or question. Change its kind to claim first.");

    public static DomainError VoteOnResolved() => DomainError.Conflict(
        ErrorCodes.ClaimResolved,
        "The claim is resolved; a moderator must reopen it before votes can be cast or changed.");

    public static DomainError AlreadyResolved() => DomainError.Conflict(
        ErrorCodes.ClaimResolved,
        "The claim is already resolved; reopen it first to rule on it again.");

    public static DomainError VotingOpen(int votes, int quorum) => DomainError.Conflict(
        ErrorCodes.ClaimVotingOpen,
        $"The claim is still open: it has {votes} of the {quorum} vote(s) a ruling needs. Rule once the votes reach the quorum.");

    public static DomainError NotResolved() => DomainError.Conflict(
        ErrorCodes.ClaimNotResolved,
        "The claim is not resolved, so there is nothing to reopen.");

    public static DomainError ClaimHasVotes() => DomainError.Conflict(
        ErrorCodes.ClaimHasVotes,
        "This claim has votes or a ruling, so it cannot become a comment or question; keep it a claim, or create a new annotation.");

    public static DomainError ModerationReasonRequired(string action) => DomainError.Invalid(
        ErrorCodes.ModerationReasonRequired,
        $"Give a reason to {action}; the people involved see it.");

    public static DomainError ThreadLocked(string? reason) => DomainError.Conflict(
        ErrorCodes.ThreadLocked,
        $"A moderator locked this thread{(string.IsNullOrEmpty(reason) ? string.Empty : ": " + reason)}. It takes no new replies until a moderator unlocks it.");

    public static DomainError FlagExists(string id) => DomainError.Conflict(
        ErrorCodes.FlagExists,
        $"A flag with id '{id}' already exists on this annotation; use a new id.");
    public static DomainError NotResolvedToPublish() => DomainError.Conflict(
        ErrorCodes.ClaimNotResolved,
        "Only a resolved claim can be published: a moderator rules on it first.");

    public static DomainError HeadlineInvalid(int length) => DomainError.Invalid(
        ErrorCodes.HeadlineInvalid,
        length == 0 ? "Write a headline for readers: one line saying what was checked." : $"Use at most {Publication.MaxHeadlineLength} characters for the headline (it has {length:N0}).");

    public static DomainError SummaryInvalid(int length) => DomainError.Invalid(
        ErrorCodes.SummaryInvalid,
        length == 0 ? "Write a summary for readers: what the claim gets right or wrong, in a few sentences." : $"Use at most {Publication.MaxSummaryLength:N0} characters for the summary (it has {length:N0}).");

    public static DomainError ClaimantInvalid(int length) => DomainError.Invalid(
        ErrorCodes.ClaimantInvalid,
        $"Use at most {Publication.MaxClaimantLength} characters for who made the claim (it has {length:N0}).");
}
