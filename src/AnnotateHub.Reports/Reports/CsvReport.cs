using System.Globalization;
using System.Text;
using AnnotateHub.Domain;
using CsvHelper;
using CsvHelper.Configuration;

namespace AnnotateHub.Reports;

/// <summary>
/// One row per claim (RFC 4180: comma-separated, CRLF line ends, fields quoted when needed), with a header row.
/// Safe to open in a spreadsheet: every cell that starts with = + - @ tab or CR gets a leading single quote, so it is
/// shown as text and never evaluated as a formula (<see cref="Neutralize"/>). Times are ISO 8601 UTC; people by display name.
/// </summary>
public static class CsvReport
{
    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "document_id", "document_title", "document_url", "claim_id", "quote", "start", "end", "status",
        "final_verdict", "final_verdict_label", "rating_value", "decided_at", "ruled_by", "ruling_rationale",
        "votes", "vote_details", "minority_views", "sources", "tags", "marked_by", "marked_at", "note", "replies",
    ];

    public static string Render(ReportContext context)
    {
        var sb = new StringBuilder(16 * 1024);
        using (var writer = new StringWriter(sb, CultureInfo.InvariantCulture))
        {
            Write(context, writer);
        }

        return sb.ToString();
    }

    public static void Write(ReportContext context, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            NewLine = "\r\n",
            InjectionOptions = InjectionOptions.None, // done by Neutralize, on every cell
        };
        using var csv = new CsvWriter(writer, configuration, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var document in context.Documents)
        {
            foreach (var claim in ReportFacts.Claims(document))
            {
                foreach (var cell in Row(context, document, claim))
                {
                    csv.WriteField(Neutralize(cell));
                }

                csv.NextRecord();
            }
        }

        csv.Flush();
    }

    /// <summary>
    /// Prefixes a cell with a single quote when it starts with = + - @ tab or carriage return, the characters with which a
    /// spreadsheet starts a formula (OWASP "CSV injection"); a cell that could change the direction of what follows it
    /// (U+202E and the like) is wrapped in Unicode isolates (<see cref="BidiText"/>). Other cells are returned unchanged.
    /// </summary>
    public static string Neutralize(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return string.Empty;
        }

        return BidiText.Isolate(cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell);
    }

    private static IEnumerable<string?> Row(ReportContext context, DocumentState document, Annotation claim)
    {
        var verdict = ReportFacts.FinalVerdict(claim);
        var ruling = claim.Status == ClaimStatus.Resolved ? claim.Resolution : null;
        yield return document.Id;
        yield return document.Title;
        yield return document.SourceUrl;
        yield return claim.Id;
        yield return claim.Target.Quote.Exact;
        yield return ReportFacts.Number(claim.Target.Position.Start);
        yield return ReportFacts.Number(claim.Target.Position.End);
        yield return claim.Status.WireName();
        yield return verdict?.WireName();
        yield return verdict?.Label();
        yield return verdict?.RatingValue() is { } rating ? ReportFacts.Number(rating) : null;
        yield return ReportFacts.DecidedAt(claim) is { } at ? ReportFacts.Iso(at) : null;
        yield return ruling is null ? null : context.DisplayName(ruling.ResolvedBy);
        yield return ruling?.Rationale;
        yield return ReportFacts.Number(claim.Votes.Length);
        yield return string.Join("; ", claim.Votes.Select(v => $"{context.DisplayName(v.UserId)}: {v.Verdict.Label()}"));
        yield return string.Join("; ", claim.Votes.Where(v => ReportFacts.IsMinority(claim, v)).Select(v => $"{context.DisplayName(v.UserId)}: {v.Verdict.Label()}"));
        yield return string.Join("; ", claim.Sources.Select(s => s.IsPassage()
            ? $"{s.Stance.WireName()}: {s.Title} (passage of {ReportFacts.DocumentTitle(context, s.LinkedDocumentId!)})"
            : $"{s.Stance.WireName()}: {s.Title} <{s.Url}>"));
        yield return string.Join("; ", claim.Tags);
        yield return context.DisplayName(claim.AuthorId);
        yield return ReportFacts.Iso(claim.CreatedAt);
        yield return claim.Body;
        yield return ReportFacts.Number(ReportFacts.Replies(claim).Length);
    }
}
