namespace AnnotateHub.Domain;

/// <summary>
/// The stable codes carried by <see cref="DomainError.Code"/>. They are part of the public API (problem
/// details <c>type</c>, client-side handling) and are never renamed.
/// </summary>
public static class ErrorCodes
{
    // --- actor and roles ---

    /// <summary>The command has no actor user id. Invalid.</summary>
    public const string ActorRequired = "actor-required";

    /// <summary>The actor's role does not allow the operation (viewer writing, reviewer resolving). Forbidden.</summary>
    public const string RoleForbidden = "role-forbidden";

    /// <summary>Only the author or a moderator/admin may change or delete the item. Forbidden.</summary>
    public const string NotAuthor = "not-author";

    // --- existence ---

    /// <summary>The document does not exist. NotFound.</summary>
    public const string DocumentNotFound = "document-not-found";

    /// <summary>CreateDocument on a document that already exists. Conflict.</summary>
    public const string DocumentExists = "document-exists";

    /// <summary>The annotation does not exist or was deleted. NotFound.</summary>
    public const string AnnotationNotFound = "annotation-not-found";

    /// <summary>An annotation (live or deleted) already has this id. Conflict.</summary>
    public const string AnnotationExists = "annotation-exists";

    /// <summary>The reply does not exist or was deleted. NotFound.</summary>
    public const string ReplyNotFound = "reply-not-found";

    /// <summary>A reply (live or deleted) on the annotation already has this id. Conflict.</summary>
    public const string ReplyExists = "reply-exists";

    /// <summary>The source does not exist on the annotation (or was detached). NotFound.</summary>
    public const string SourceNotFound = "source-not-found";

    /// <summary>A source on the annotation already has this id. Conflict.</summary>
    public const string SourceExists = "source-exists";

    // --- input ---

    /// <summary>An id is blank or too long. Invalid.</summary>
    public const string IdInvalid = "id-invalid";

    /// <summary>The document text is empty after normalisation. Invalid.</summary>
    public const string TextEmpty = "text-empty";

    /// <summary>The document text exceeds <see cref="DomainLimits.MaxTextBytes"/>. TooLarge.</summary>
    public const string TextTooLarge = "text-too-large";

    /// <summary>The title is empty after trimming. Invalid.</summary>
    public const string TitleRequired = "title-required";

    /// <summary>The title exceeds <see cref="DomainLimits.MaxTitleLength"/>. Invalid.</summary>
    public const string TitleTooLong = "title-too-long";

    /// <summary>A URL is not an absolute http or https URL, or is too long. Invalid.</summary>
    public const string UrlInvalid = "url-invalid";

    /// <summary>The quorum is outside 1..<see cref="DomainLimits.MaxQuorum"/>. Invalid.</summary>
    public const string QuorumInvalid = "quorum-invalid";

    /// <summary>An annotation, reply or source-note body exceeds <see cref="DomainLimits.MaxBodyLength"/>. TooLarge.</summary>
    public const string BodyTooLarge = "body-too-large";

    /// <summary>A reply body is empty. Invalid.</summary>
    public const string BodyRequired = "body-required";

    /// <summary>A rationale exceeds <see cref="DomainLimits.MaxRationaleLength"/>. TooLarge.</summary>
    public const string RationaleTooLarge = "rationale-too-large";

    /// <summary>
    /// A rationale or reason is missing: a ruling always needs one, a vote when the workspace requires it, and reopening a
    /// claim needs a reason. Invalid.
    /// </summary>
    public const string RationaleRequired = "rationale-required";

    /// <summary>More tags than <see cref="DomainLimits.MaxTags"/> (after de-duplication). Invalid.</summary>
    public const string TooManyTags = "too-many-tags";

    /// <summary>A tag is empty, too long or contains a line break or control character. Invalid.</summary>
    public const string TagInvalid = "tag-invalid";

    /// <summary>An enum value (kind, verdict, stance) is not one of the defined values. Invalid.</summary>
    public const string ValueUnknown = "value-unknown";

    /// <summary>A verdict name is not one of the wire names. Invalid.</summary>
    public const string VerdictUnknown = "verdict-unknown";

    /// <summary>The source title is empty. Invalid.</summary>
    public const string SourceTitleRequired = "source-title-required";

    /// <summary>The source title exceeds <see cref="DomainLimits.MaxSourceTitleLength"/>. Invalid.</summary>
    public const string SourceTitleTooLong = "source-title-too-long";

    /// <summary>A source needs exactly one of: a URL, or a linked document id plus target. Invalid.</summary>
    public const string SourceLocationInvalid = "source-location-invalid";

    // --- targets ---

    /// <summary>The quote's exact text is empty. Invalid.</summary>
    public const string QuoteEmpty = "quote-empty";

    /// <summary>The quote's exact text does not occur in the document. Invalid.</summary>
    public const string QuoteNotFound = "quote-not-found";

    /// <summary>The quote occurs more than once even with its context (<see cref="QuoteAmbiguousError"/>). Invalid.</summary>
    public const string QuoteAmbiguous = "quote-ambiguous";

    /// <summary>A range reaches outside the text. Invalid.</summary>
    public const string RangeOutOfBounds = "range-out-of-bounds";

    /// <summary>A range is empty (start equals end). Invalid.</summary>
    public const string RangeEmpty = "range-empty";

    /// <summary>A range starts after it ends. Invalid.</summary>
    public const string RangeReversed = "range-reversed";

    /// <summary>A UTF-16 range boundary falls between the two halves of a surrogate pair. Invalid.</summary>
    public const string RangeSplitsSurrogatePair = "range-splits-surrogate-pair";

    // --- claim workflow ---

    /// <summary>Votes, resolve and reopen apply only to claims. Invalid.</summary>
    public const string NotAClaim = "not-a-claim";

    /// <summary>The claim is resolved: votes cannot change and it cannot be resolved again until reopened. Conflict.</summary>
    public const string ClaimResolved = "claim-resolved";

    /// <summary>
    /// The claim is still open: its votes have not reached the quorum, so a moderator cannot rule on it yet (a ruling needs
    /// a consensus or disputed claim). Conflict.
    /// </summary>
    public const string ClaimVotingOpen = "claim-voting-open";

    /// <summary>Only a resolved claim can be reopened. Conflict.</summary>
    public const string ClaimNotResolved = "claim-not-resolved";

    /// <summary>A claim with votes (or a ruling) cannot be turned into a comment or question. Conflict.</summary>
    public const string ClaimHasVotes = "claim-has-votes";

    /// <summary>Hiding an item, locking a thread or raising a flag needs a reason.</summary>
    public const string ModerationReasonRequired = "moderation-reason-required";

    /// <summary>A reply to a thread a moderator locked.</summary>
    public const string ThreadLocked = "thread-locked";

    /// <summary>A flag id used before on the annotation.</summary>
    public const string FlagExists = "flag-exists";
    // --- publication ---

    /// <summary>A publication needs a headline (1..200 characters on one line). Invalid.</summary>
    public const string HeadlineInvalid = "headline-invalid";

    /// <summary>A publication needs a summary (1..2,000 characters). Invalid.</summary>
    public const string SummaryInvalid = "summary-invalid";

    /// <summary>The claimant (who made the claim) is longer than 200 characters. Invalid.</summary>
    public const string ClaimantInvalid = "claimant-invalid";
}
