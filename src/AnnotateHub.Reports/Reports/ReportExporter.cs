using System.Globalization;
using System.Text;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>A finished report: what to send or save.</summary>
/// <param name="FileName">A safe file name (ASCII letters, digits, hyphens, dots).</param>
/// <param name="ContentType">The media type with its charset.</param>
/// <param name="Content">The bytes (UTF-8 for text formats; CSV starts with a byte-order mark so spreadsheets read it as UTF-8).</param>
public sealed record ReportFile(string FileName, string ContentType, byte[] Content);

/// <summary>Makes any report format (but backup, which needs the event streams: see <see cref="WorkspaceBackup"/>) from a <see cref="ReportContext"/>.</summary>
public sealed class ReportExporter(PdfRenderer pdf)
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Renders <paramref name="format"/>.</summary>
    /// <exception cref="PdfRenderException">PDF only: Chromium is missing, failed or ran out of time.</exception>
    public async Task<ReportFile> ExportAsync(ReportFormat format, ReportContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var content = format switch
        {
            ReportFormat.Html => Utf8.GetBytes(HtmlReport.Render(context)),
            ReportFormat.Pdf => await pdf.RenderAsync(HtmlReport.RenderForPrint(context), cancellationToken).ConfigureAwait(false),
            ReportFormat.PublicHtml => Utf8.GetBytes(PublicReport.Render(context)),
            ReportFormat.PublicPdf => await pdf.RenderAsync(PublicReport.Render(context), cancellationToken).ConfigureAwait(false),
            ReportFormat.Markdown => Utf8.GetBytes(MarkdownReport.Render(context)),
            ReportFormat.Csv => [.. Encoding.UTF8.Preamble, .. Utf8.GetBytes(CsvReport.Render(context))],
            ReportFormat.ClaimReview => Utf8.GetBytes(ClaimReviewReport.Render(context)),
            ReportFormat.W3C => Utf8.GetBytes(WebAnnotationReport.Render(context)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "This format is not made from document states; a backup is made by WorkspaceBackup."),
        };
        return new ReportFile(FileName(context.Subject, context.GeneratedAt, format), format.ContentType(), content);
    }

    /// <summary>"{subject-slug}-verdict-report-{yyyyMMdd}{extension}", e.g. "city-budget-verdict-report-20261121.html".</summary>
    public static string FileName(string subject, DateTimeOffset at, ReportFormat format)
    {
        var slug = Slug(subject);
        var kind = format switch
        {
            ReportFormat.Backup => "workspace",
            ReportFormat.PublicHtml or ReportFormat.PublicPdf => "fact-checks",
            _ => "verdict-report",
        };
        return $"{(slug.Length == 0 ? "annotatehub" : slug)}-{kind}-{at.ToUniversalTime().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}{format.Extension()}";
    }

    /// <summary>Lower-case ASCII letters and digits of <paramref name="text"/> (accents removed), words joined by hyphens, at most 60 characters.</summary>
    public static string Slug(string text) => PublicSlugs.Words(text, 60);
}
