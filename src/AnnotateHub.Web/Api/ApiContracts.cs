using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AnnotateHub.Domain;

namespace AnnotateHub.Web.Api;

// ---- responses -------------------------------------------------------------------------------------------------

/// <summary>A workspace the caller is a member of.</summary>
public sealed record WorkspaceResponse(string Id, string Name, WorkspaceRole Role);

public sealed record WorkspaceListResponse(IReadOnlyList<WorkspaceResponse> Workspaces);

/// <summary>Claims of a document by status, as the caller may see them (see <see cref="VisibleClaimStatus"/>).</summary>
public sealed record ClaimCountsResponse(
    int Open,
    int Consensus,
    int Disputed,
    int Resolved,
    [property: Description("Claims whose status blind voting hides from you until you vote on them (counted here instead of open, consensus or disputed).")]
    int Voting);

/// <summary>A document in a workspace listing.</summary>
public sealed record DocumentSummaryResponse(string Id, string Title, DateTimeOffset CreatedAt, int Annotations, ClaimCountsResponse Claims);

public sealed record DocumentListResponse(IReadOnlyList<DocumentSummaryResponse> Documents);

/// <summary>A user, by id and display name.</summary>
public sealed record PersonResponse(string Id, string Name);

/// <summary>
/// A passage: W3C TextQuoteSelector (<c>exact</c>, <c>prefix</c>, <c>suffix</c>) and TextPositionSelector
/// (<c>start</c>, <c>end</c>, in Unicode code points of the document text, <c>end</c> exclusive).
/// </summary>
public sealed record TargetResponse(string Exact, string Prefix, string Suffix, int Start, int End);

/// <summary>One user's verdict on a claim.</summary>
public sealed record VoteResponse(PersonResponse User, Verdict Verdict, string Rationale, DateTimeOffset CastAt, DateTimeOffset? ChangedAt);

/// <summary>
/// A moderator hid the item, with a reason. Others see it without its text (an empty body or title, no quote, note or
/// address); moderators and admins see it whole, with this mark.
/// </summary>
public sealed record HiddenResponse(string Reason, PersonResponse By, DateTimeOffset At);

/// <summary>A reply in an annotation's thread; <c>hidden</c> when a moderator hid it (its body is then empty for others).</summary>
public sealed record ReplyResponse(
    string Id,
    PersonResponse Author,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    [property: Description("Set when a moderator hid the reply: only moderators and admins get its body; others get an empty one.")]
    HiddenResponse? Hidden = null);

/// <summary>Evidence: a web page (<c>url</c>) or a passage of another document of the workspace (<c>documentId</c> + <c>target</c>).</summary>
public sealed record SourceResponse(
    string Id,
    string Title,
    SourceStance Stance,
    string? Url,
    string? Quote,
    string? Note,
    string? DocumentId,
    TargetResponse? Target,
    PersonResponse AddedBy,
    DateTimeOffset AddedAt,
    [property: Description("Set when a moderator hid the source: only moderators and admins get its title, address, quote and note; others get an empty title and none of the rest.")]
    HiddenResponse? Hidden = null);

/// <summary>A moderator's ruling, with the votes that disagreed with it.</summary>
public sealed record ResolutionResponse(
    Verdict Verdict,
    string Rationale,
    PersonResponse ResolvedBy,
    DateTimeOffset ResolvedAt,
    IReadOnlyList<VoteResponse> MinorityVotes);

/// <summary>
/// A claim's status as the caller may see it: the workflow status (open, consensus, disputed, resolved), or "voting"
/// while the workspace's blind voting hides the others' votes on it from the caller (what they add up to would give
/// them away).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<VisibleClaimStatus>))]
public enum VisibleClaimStatus
{
    [JsonStringEnumMemberName("open")]
    Open,

    [JsonStringEnumMemberName("consensus")]
    Consensus,

    [JsonStringEnumMemberName("disputed")]
    Disputed,

    [JsonStringEnumMemberName("resolved")]
    Resolved,

    [JsonStringEnumMemberName("voting")]
    Voting,
}

/// <summary>
/// A claim, comment or question on a passage. <c>status</c> is the claim workflow status (comments and questions stay
/// "open"). Under blind voting, a caller who has not voted on an unresolved claim (and is not a moderator or admin)
/// gets it with no votes, the number withheld in <c>hiddenVotes</c>, and the status "voting".
/// </summary>
public sealed record AnnotationResponse(
    string Id,
    AnnotationKind Kind,
    TargetResponse Target,
    IReadOnlyList<string> Tags,
    string Body,
    PersonResponse Author,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    [property: Description("open, consensus, disputed or resolved; \"voting\" while blind voting hides the others' votes from you (cast yours to see them).")]
    VisibleClaimStatus Status,
    [property: Description("The votes you may see: all of them, or none while blind voting hides them from you (see hiddenVotes).")]
    IReadOnlyList<VoteResponse> Votes,
    IReadOnlyList<ReplyResponse> Replies,
    IReadOnlyList<SourceResponse> Sources,
    ResolutionResponse? Resolution,
    [property: Description("How many votes blind voting withholds from you: 0 unless the workspace has blind voting on, the claim has never been resolved, you are not a moderator or admin and you have not voted on it yet.")]
    int HiddenVotes,
    [property: Description("Set when a moderator hid the annotation: only moderators and admins get its body and tags; others get them empty.")]
    HiddenResponse? Hidden = null);

/// <summary>A document with its live annotations (deleted ones are omitted). <c>version</c> is also sent as the ETag.</summary>
public sealed record DocumentResponse(
    string Id,
    string WorkspaceId,
    string Title,
    string Text,
    long Version,
    string? SourceUrl,
    int Quorum,
    PersonResponse CreatedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<AnnotationResponse> Annotations);

/// <summary>
/// A page of the change feed: the events after the requested version, oldest first, each with its <c>type</c> and
/// <c>sequence</c>. <c>version</c> is the version these events bring a client to: pass it as <c>after</c> next time;
/// <c>hasMore</c> says another page is already waiting. Under blind voting, an event that would tell the caller what
/// the annotation hides from them keeps its place (type, sequence, actor, time, annotation) but carries
/// <c>"redacted": true</c> and loses its details: a "vote-cast" its <c>verdict</c>, <c>rationale</c> and
/// <c>previousVerdict</c>, a "claim-status-changed" its <c>from</c> and <c>to</c>. Redaction is judged as of the
/// request: once the caller has voted (or the claim is resolved), reading the feed again shows those events in full.
/// Likewise, to anyone but moderators and admins, the events that carry the text of an item a moderator has hidden come
/// redacted while it stays hidden: "annotation-created" and "annotation-edited" without <c>body</c> and <c>tags</c>,
/// "reply-added" and "reply-edited" without <c>body</c>, "source-attached" without <c>title</c>, <c>url</c>,
/// <c>quote</c> and <c>note</c>.
/// </summary>
public sealed record EventsResponse(IReadOnlyList<DocumentEvent> Events, long Version, bool HasMore);

// ---- requests --------------------------------------------------------------------------------------------------
// Fields are nullable so that a missing field is reported by name (400) rather than bound to a default; enum-like
// values are strings so that an unknown one is a 422 that lists the valid values.

/// <summary>Imports a document into a workspace: from <c>content</c> (in <c>format</c>), or fetched server-side from <c>url</c>.</summary>
public sealed record CreateDocumentRequest
{
    [Description("1 to 300 characters. Required with 'content'; with 'url' it defaults to the page's title.")]
    public string? Title { get; init; }

    [Description("The document in the given format; normalised once, and every position refers to the result. Give 'content' or 'url', not both.")]
    public string? Content { get; init; }

    [Description("\"text\" (default), \"markdown\" or \"html\" (converted to plain text; scripts and styles dropped). Ignored with 'url' (the server's content type decides).")]
    public string? Format { get; init; }

    [Description("Where the text came from: an absolute http(s) URL. With 'url' it defaults to the address the page was finally fetched from.")]
    public string? SourceUrl { get; init; }

    [Description("An http(s) address to fetch server-side instead of 'content': HTML, Markdown or plain text, at most 5 MB, 15 s and 5 redirects; private and loopback addresses are refused unless the server allows them (Import:AllowPrivateAddresses).")]
    public string? Url { get; init; }
}

/// <summary>A passage: either a quote (<c>exact</c>, with optional <c>prefix</c>/<c>suffix</c> to pick one of several occurrences) or a range (<c>start</c>, <c>end</c>, code points, end exclusive).</summary>
public sealed record TargetRequest
{
    public string? Exact { get; init; }

    public string? Prefix { get; init; }

    public string? Suffix { get; init; }

    public int? Start { get; init; }

    public int? End { get; init; }
}

/// <summary>Creates an annotation.</summary>
public sealed record CreateAnnotationRequest
{
    [Required, Description("\"claim\", \"comment\" or \"question\".")]
    public string? Kind { get; init; }

    [Required]
    public TargetRequest? Target { get; init; }

    [Description("Markdown source.")]
    public string? Body { get; init; }

    public string[]? Tags { get; init; }

    [Description("Optional id of your choosing (letters, digits, '-', '_', '.', '~'; at most 128), so that a retry cannot create it twice.")]
    public string? Id { get; init; }
}

/// <summary>Changes an annotation; a field left out stays as it is.</summary>
public sealed record EditAnnotationRequest
{
    public string? Body { get; init; }

    public string[]? Tags { get; init; }

    [Description("\"claim\", \"comment\" or \"question\".")]
    public string? Kind { get; init; }
}

/// <summary>Adds a reply to an annotation's thread.</summary>
public sealed record CreateReplyRequest
{
    [Required, Description("Markdown source; not empty.")]
    public string? Body { get; init; }

    [Description("Optional id of your choosing, so that a retry cannot post it twice.")]
    public string? Id { get; init; }
}

/// <summary>Changes a reply.</summary>
public sealed record EditReplyRequest
{
    [Required]
    public string? Body { get; init; }
}

/// <summary>Attaches evidence: give <c>url</c> for a web page, or <c>documentId</c> and <c>target</c> for a passage of another document of the same workspace.</summary>
public sealed record AttachSourceRequest
{
    [Required]
    public string? Title { get; init; }

    [Required, Description("\"supports\", \"refutes\" or \"context\".")]
    public string? Stance { get; init; }

    public string? Url { get; init; }

    public string? Quote { get; init; }

    [Description("Markdown source.")]
    public string? Note { get; init; }

    [Description("For a passage source: the other document's id.")]
    public string? DocumentId { get; init; }

    [Description("For a passage source: the passage in the other document.")]
    public TargetRequest? Target { get; init; }

    [Description("Optional id of your choosing, so that a retry cannot attach it twice.")]
    public string? Id { get; init; }
}

/// <summary>Casts or changes the caller's verdict on a claim.</summary>
public sealed record VoteRequest
{
    [Required, Description("\"true\", \"mostly-true\", \"mixed\", \"mostly-false\", \"false\" or \"unproven\".")]
    public string? Verdict { get; init; }

    [Description("Why this verdict; required unless the workspace turned \"require a rationale\" off.")]
    public string? Rationale { get; init; }
}

/// <summary>A moderator's final ruling on a claim.</summary>
public sealed record ResolutionRequest
{
    [Required, Description("\"true\", \"mostly-true\", \"mixed\", \"mostly-false\", \"false\" or \"unproven\".")]
    public string? Verdict { get; init; }

    [Required, Description("Why; not empty.")]
    public string? Rationale { get; init; }
}

/// <summary>Reopens a resolved claim.</summary>
public sealed record ReopenRequest
{
    [Required, Description("Why the claim is reopened; not empty. Recorded in the claim's history.")]
    public string? Rationale { get; init; }
}
