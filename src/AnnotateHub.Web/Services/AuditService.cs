using System.Globalization;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Reports;
using AnnotateHub.Storage;
using CsvHelper;
using CsvHelper.Configuration;

namespace AnnotateHub.Web.Services;

/// <summary>One line of a workspace's audit log: who did what to which document, and when.</summary>
/// <param name="At">When the change was decided.</param>
/// <param name="Kind">The event's stable type name ("vote-cast", "claim-resolved", …).</param>
/// <param name="Detail">What changed, in a few words (a verdict, a status change).</param>
public sealed record AuditEntry(
    DateTimeOffset At, string ActorId, string Actor, string DocumentId, string DocumentTitle, long Version, string Kind, string? AnnotationId, string Detail);

/// <summary>Filters of the audit log; null or empty means "any".</summary>
public sealed record AuditFilter(string? ActorId = null, string? DocumentId = null, string? Kind = null);

/// <summary>
/// A workspace's audit trail for its admins: the log of every change (from the documents' event streams) and the
/// verification of their hash chains (<see cref="IWorkspaceAuditGrain"/>).
/// </summary>
public sealed class AuditService(IGrainFactory grains, IEventStore store, WorkspaceService workspaces, People people)
{
    public static readonly string[] CsvColumns = ["at", "actor", "actor_id", "document", "document_id", "version", "kind", "annotation_id", "detail"];

    /// <summary>Only workspace admins read the audit trail.</summary>
    public static void EnsureAdmin(WorkspaceAccess workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!workspace.Actor.Role.CanAdminister())
        {
            throw new DomainException(DomainError.Forbidden(ErrorCodes.RoleForbidden, "Only a workspace admin can read its audit trail."));
        }
    }

    /// <summary>Verifies the workspace's chains; with <paramref name="seal"/>, also seals the current heads when intact.</summary>
    public Task<AuditVerification> VerifyAsync(string workspaceId, bool seal, string actorId) =>
        grains.GetGrain<IWorkspaceAuditGrain>(workspaceId).VerifyAsync(seal, actorId);

    /// <summary>Every change to the workspace's documents that matches <paramref name="filter"/>, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> LogAsync(string workspaceId, AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var workspace = await workspaces.GetAsync(workspaceId);
        var entries = new List<AuditEntry>();
        foreach (var document in workspace.Documents)
        {
            if (!string.IsNullOrEmpty(filter.DocumentId) && !string.Equals(filter.DocumentId, document.Id, StringComparison.Ordinal))
            {
                continue;
            }

            var title = document.Title;
            foreach (var stored in await store.ReadAsync(DocumentStreams.StreamId(document.Id), 0, null, cancellationToken))
            {
                if (!string.IsNullOrEmpty(filter.Kind) && !string.Equals(filter.Kind, stored.Type, StringComparison.Ordinal))
                {
                    continue;
                }

                var e = DocumentStreams.FromStored(stored);
                if (!string.IsNullOrEmpty(filter.ActorId) && !string.Equals(filter.ActorId, e.ActorId, StringComparison.Ordinal))
                {
                    continue;
                }

                entries.Add(new AuditEntry(
                    e.At, e.ActorId, people.Name(e.ActorId), document.Id, title, stored.Version, stored.Type, (e as AnnotationEvent)?.AnnotationId, Detail(e)));
            }
        }

        return [.. entries.OrderByDescending(e => e.At).ThenBy(e => e.DocumentId, StringComparer.Ordinal).ThenByDescending(e => e.Version)];
    }

    /// <summary>The log as CSV (RFC 4180, CRLF), every cell neutralised against spreadsheet formulas.</summary>
    public static void WriteCsv(IEnumerable<AuditEntry> entries, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n", InjectionOptions = InjectionOptions.None };
        using var csv = new CsvWriter(writer, configuration, leaveOpen: true);
        foreach (var column in CsvColumns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var e in entries)
        {
            string?[] cells =
            [
                e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), e.Actor, e.ActorId, e.DocumentTitle, e.DocumentId,
                e.Version.ToString(CultureInfo.InvariantCulture), e.Kind, e.AnnotationId, e.Detail,
            ];
            foreach (var cell in cells)
            {
                csv.WriteField(CsvReport.Neutralize(cell));
            }

            csv.NextRecord();
        }

        csv.Flush();
    }

    private static string Detail(DocumentEvent e) => e switch
    {
        DocumentCreated c => $"created \"{c.Title}\"",
        AnnotationCreated a => $"created a {a.Kind.ToString().ToLowerInvariant()}",
        VoteCast v => v.PreviousVerdict is { } previous ? $"changed vote {previous.WireName()} → {v.Verdict.WireName()}" : $"voted {v.Verdict.WireName()}",
        ClaimStatusChanged s => $"status {Wire(s.From)} → {Wire(s.To)}",
        ClaimResolved r => $"ruled {r.Verdict.WireName()}",
        ClaimReopened => "reopened the claim",
        _ => e.EventType.Replace('-', ' '),
    };

    private static string Wire(ClaimStatus status) => status.ToString().ToLowerInvariant();
}
