using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Reports;

/// <summary>Whether a report covers one document or a whole workspace (it changes the title and file name only).</summary>
public enum ReportScope
{
    /// <summary>One document of the workspace.</summary>
    Document = 0,

    /// <summary>Every document of the workspace.</summary>
    Workspace = 1,
}

/// <summary>
/// What a report is made from: a workspace's documents (as folded states), its name and settings, a way to name
/// users, and the time of the report (passed in, never read inside). Reports are pure functions of this.
/// </summary>
public sealed record ReportContext
{
    private readonly IReadOnlyList<DocumentState> _documents = [];

    /// <summary>The workspace id.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The workspace's name.</summary>
    public required string WorkspaceName { get; init; }

    /// <summary>The workspace settings (publisher name and URL for ClaimReview).</summary>
    public WorkspaceSettings Settings { get; init; } = new();

    /// <summary>
    /// The documents, in the order the report shows them, as every report format shows them: what moderators hid is left
    /// out (<see cref="HiddenContent.WithoutHidden(DocumentState)"/>: hidden annotations entirely, hidden replies and
    /// sources from the rest), whoever the report is for.
    /// </summary>
    public required IReadOnlyList<DocumentState> Documents
    {
        get => _documents;
        init => _documents = [.. value.Select(HiddenContent.WithoutHidden)];
    }

    /// <summary>User id → display name; called for every author, voter and moderator.</summary>
    public Func<string, string> DisplayName { get; init; } = static id => id;

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>One document or the workspace.</summary>
    public ReportScope Scope { get; init; } = ReportScope.Workspace;

    /// <summary>
    /// The base IRI for ids in the W3C export (documents, annotations, users), e.g. "https://hub.example/api/v1";
    /// without a trailing slash. Default "urn:annotatehub".
    /// </summary>
    public string BaseIri { get; init; } = "urn:annotatehub";

    /// <summary>
    /// Who the report is for, when blind voting may hide votes from them (<see cref="ReportRedaction.BlindVotes"/>): the
    /// report then says where votes are hidden instead of "no votes". Null for the operator.
    /// </summary>
    public Actor? Viewer { get; init; }

    /// <summary>
    /// The public site's origin, e.g. "https://hub.example" (no trailing slash): published claims' pages are
    /// <c>{PublicBaseUrl}/c/{slug}</c>.
    /// </summary>
    public string PublicBaseUrl { get; init; } = "http://localhost";

    /// <summary>Titles of documents outside the report that passage sources cite (document id → title).</summary>
    public IReadOnlyDictionary<string, string> LinkedTitles { get; init; } = new Dictionary<string, string>();

    /// <summary>The public page of a claim published under <paramref name="slug"/>.</summary>
    public string PublicUrl(string slug) => $"{PublicBaseUrl}/c/{slug}";

    /// <summary>True when blind voting hides the others' votes on <paramref name="claim"/> from <see cref="Viewer"/>.</summary>
    public bool VotesHidden(Annotation claim) =>
        Viewer is { } viewer && Settings.BlindVoting && claim.IsClaim()
        && !VoteVisibility.CanSeeOthersVotes(claim, viewer.UserId, blindVoting: true, viewer.Role);

    /// <summary>The report's heading: the document's title for one document, else the workspace's name.</summary>
    public string Subject => Scope == ReportScope.Document && Documents.Count == 1 ? Documents[0].Title : WorkspaceName;

    /// <summary>Builds the context for a report on one document.</summary>
    public static ReportContext ForDocument(WorkspaceState workspace, DocumentState document, Func<string, string> displayName, DateTimeOffset now) => new()
    {
        WorkspaceId = workspace.Id,
        WorkspaceName = workspace.Name,
        Settings = workspace.Settings,
        Documents = [document],
        DisplayName = displayName,
        GeneratedAt = now,
        Scope = ReportScope.Document,
    };

    /// <summary>Builds the context for a report on a workspace's documents.</summary>
    public static ReportContext ForWorkspace(WorkspaceState workspace, IReadOnlyList<DocumentState> documents, Func<string, string> displayName, DateTimeOffset now) => new()
    {
        WorkspaceId = workspace.Id,
        WorkspaceName = workspace.Name,
        Settings = workspace.Settings,
        Documents = documents,
        DisplayName = displayName,
        GeneratedAt = now,
        Scope = ReportScope.Workspace,
    };
}
