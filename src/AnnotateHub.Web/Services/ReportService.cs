using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Reports;
using AnnotateHub.Storage;

namespace AnnotateHub.Web.Services;

/// <summary>
/// Gathers what a report needs (workspace record, document states, display names, event streams) and makes it with
/// <see cref="ReportExporter"/> or <see cref="WorkspaceBackup"/>. Access is the caller's job (the API checks membership
/// first; the admin CLI is the operator). When <c>viewer</c> is given, blind voting is applied as the UI applies it.
/// </summary>
public sealed class ReportService(
    WorkspaceService workspaces,
    DocumentService documents,
    People people,
    IEventStore events,
    ReportExporter exporter,
    PublicUrls urls,
    TimeProvider time)
{
    /// <summary>A report on one document (any format but backup).</summary>
    /// <param name="document">The document.</param>
    /// <param name="format">The format.</param>
    /// <param name="baseIri">The base of the W3C export's ids, e.g. "https://hub.example/api/v1".</param>
    /// <param name="page">W3C only: one page (0-based) instead of the collection.</param>
    /// <param name="viewer">Who the report is for (blind voting); null for the operator.</param>
    public async Task<ReportFile> DocumentReportAsync(
        DocumentState document, ReportFormat format, string baseIri, int? page = null, Actor? viewer = null, CancellationToken cancellationToken = default)
    {
        if (format == ReportFormat.Backup)
        {
            throw new DomainException(DomainError.Invalid(ReportCodes.FormatUnknown, "A backup covers a whole workspace: ask for the workspace's report with format=backup."));
        }

        var workspace = await workspaces.GetAsync(document.WorkspaceId);
        var shown = Redact(workspace, [document], viewer);
        var context = Complete(ReportContext.ForDocument(workspace, shown[0], await NamesAsync(shown), time.GetUtcNow()), workspace, baseIri, viewer);
        return await RenderAsync(format, context, page, cancellationToken);
    }

    /// <summary>A report on every document of a workspace, or its backup.</summary>
    public async Task<ReportFile> WorkspaceReportAsync(
        WorkspaceState workspace, ReportFormat format, string baseIri, int? page = null, Actor? viewer = null, CancellationToken cancellationToken = default)
    {
        if (format == ReportFormat.Backup)
        {
            return await BackupAsync(workspace, cancellationToken);
        }

        var states = new List<DocumentState>(workspace.Documents.Length);
        foreach (var listed in workspace.Documents)
        {
            var state = await documents.GetAsync(listed.Id);
            if (state.Exists)
            {
                states.Add(state);
            }
        }

        var shown = Redact(workspace, states, viewer);
        var context = Complete(ReportContext.ForWorkspace(workspace, shown, await NamesAsync(shown), time.GetUtcNow()), workspace, baseIri, viewer);
        return await RenderAsync(format, context, page, cancellationToken);
    }

    /// <summary>The workspace record and every document's event stream as stored (<see cref="WorkspaceBackup"/>).</summary>
    public async Task<ReportFile> BackupAsync(WorkspaceState workspace, CancellationToken cancellationToken = default)
    {
        var streams = new List<DocumentStream>(workspace.Documents.Length);
        foreach (var listed in workspace.Documents)
        {
            var stored = await events.ReadAsync(DocumentStreams.StreamId(listed.Id), cancellationToken: cancellationToken);
            if (stored.Count > 0)
            {
                streams.Add(new DocumentStream(listed.Id, stored));
            }
        }

        var listedWithEvents = workspace with { Documents = [.. workspace.Documents.Where(d => streams.Any(s => s.DocumentId == d.Id))] };
        return new ReportFile(
            ReportExporter.FileName(workspace.Name, time.GetUtcNow(), ReportFormat.Backup),
            ReportFormat.Backup.ContentType(),
            WorkspaceBackup.Create(listedWithEvents, streams));
    }

    private async Task<ReportFile> RenderAsync(ReportFormat format, ReportContext context, int? page, CancellationToken cancellationToken)
    {
        if (page is not { } n)
        {
            return await exporter.ExportAsync(format, context, cancellationToken);
        }

        if (format != ReportFormat.W3C)
        {
            throw new DomainException(DomainError.Invalid(ReportCodes.PageInvalid, "'page' applies to format=w3c only; leave it out for other formats."));
        }

        var pages = WebAnnotationReport.PageCount(context);
        if (n < 0 || n >= pages)
        {
            throw new DomainException(DomainError.Invalid(
                ReportCodes.PageInvalid, $"This export has {pages} page{(pages == 1 ? string.Empty : "s")}: 'page' must be 0{(pages > 1 ? $" to {pages - 1}" : string.Empty)}."));
        }

        var file = ReportExporter.FileName(context.Subject, context.GeneratedAt, ReportFormat.W3C);
        return new ReportFile(
            file.Replace(".annotations.jsonld", $".annotations.page{n}.jsonld", StringComparison.Ordinal),
            ReportFormat.W3C.ContentType(),
            System.Text.Encoding.UTF8.GetBytes(WebAnnotationReport.RenderPage(context, n)));
    }

    /// <summary>What every report context gets besides the documents: addresses, the viewer, the titles of cited documents.</summary>
    private ReportContext Complete(ReportContext context, WorkspaceState workspace, string baseIri, Actor? viewer) => context with
    {
        BaseIri = baseIri,
        Viewer = viewer,
        PublicBaseUrl = urls.Origin(),
        LinkedTitles = workspace.Documents.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Title, StringComparer.Ordinal),
    };

    private static List<DocumentState> Redact(WorkspaceState workspace, IReadOnlyList<DocumentState> states, Actor? viewer) =>
        viewer is null || !workspace.Settings.BlindVoting
            ? [.. states]
            : [.. states.Select(d => ReportRedaction.BlindVotes(d, viewer))];

    /// <summary>Display names for every user a report mentions; the names are loaded first when some are not known yet.</summary>
    private async Task<Func<string, string>> NamesAsync(IReadOnlyList<DocumentState> states)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in states)
        {
            ids.Add(document.CreatedBy);
            foreach (var a in document.Annotations)
            {
                ids.Add(a.AuthorId);
                ids.UnionWith(a.Votes.Select(v => v.UserId));
                ids.UnionWith(a.Replies.Select(r => r.AuthorId));
                ids.UnionWith(a.Sources.Select(s => s.AddedBy));
                ids.UnionWith(a.StatusHistory.Select(c => c.By));
                if (a.Resolution is { } r)
                {
                    ids.Add(r.ResolvedBy);
                }
            }
        }

        if (ids.Any(id => people.Name(id) == id))
        {
            await people.RefreshAsync();
        }

        var names = ids.ToDictionary(id => id, people.Name, StringComparer.Ordinal);
        return id => names.TryGetValue(id, out var name) ? name : people.Name(id);
    }
}

/// <summary>Error codes of reports.</summary>
public static class ReportCodes
{
    public const string FormatUnknown = "format-unknown";
    public const string PageInvalid = "page-invalid";
    public const string BackupForbidden = "role-forbidden";
    public const string PdfUnavailable = "pdf-unavailable";
    public const string PdfFailed = "pdf-failed";
}
