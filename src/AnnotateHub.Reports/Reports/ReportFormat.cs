namespace AnnotateHub.Reports;

/// <summary>A report format. Wire names: html, pdf, markdown, csv, claimreview, w3c, backup, public-html, public-pdf.</summary>
public enum ReportFormat
{
    Html = 0,
    Pdf = 1,
    Markdown = 2,
    Csv = 3,
    ClaimReview = 4,
    W3C = 5,

    /// <summary>The whole workspace as JSON (workspace reports only).</summary>
    Backup = 6,

    /// <summary>The report for readers, as HTML (<see cref="PublicReport"/>).</summary>
    PublicHtml = 7,

    /// <summary>The report for readers, as PDF.</summary>
    PublicPdf = 8,
}

/// <summary>Wire names, media types and file extensions of <see cref="ReportFormat"/>s.</summary>
public static class ReportFormats
{
    /// <summary>Formats of a document report.</summary>
    public static IReadOnlyList<ReportFormat> DocumentFormats { get; } =
        [ReportFormat.Html, ReportFormat.Pdf, ReportFormat.PublicHtml, ReportFormat.PublicPdf, ReportFormat.Markdown, ReportFormat.Csv, ReportFormat.ClaimReview, ReportFormat.W3C];

    /// <summary>Formats of a workspace report (the document formats and backup).</summary>
    public static IReadOnlyList<ReportFormat> WorkspaceFormats { get; } = [.. DocumentFormats, ReportFormat.Backup];

    public static string WireName(this ReportFormat format) => format switch
    {
        ReportFormat.Html => "html",
        ReportFormat.Pdf => "pdf",
        ReportFormat.Markdown => "markdown",
        ReportFormat.Csv => "csv",
        ReportFormat.ClaimReview => "claimreview",
        ReportFormat.W3C => "w3c",
        ReportFormat.Backup => "backup",
        ReportFormat.PublicHtml => "public-html",
        ReportFormat.PublicPdf => "public-pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };

    /// <summary>The Content-Type to send.</summary>
    public static string ContentType(this ReportFormat format) => format switch
    {
        ReportFormat.Html => "text/html; charset=utf-8",
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Markdown => "text/markdown; charset=utf-8",
        ReportFormat.Csv => "text/csv; charset=utf-8",
        ReportFormat.ClaimReview => "application/ld+json; charset=utf-8",
        ReportFormat.W3C => "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"; charset=utf-8",
        ReportFormat.Backup => "application/json; charset=utf-8",
        ReportFormat.PublicHtml => "text/html; charset=utf-8",
        ReportFormat.PublicPdf => "application/pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };

    /// <summary>The file extension, with its dot.</summary>
    public static string Extension(this ReportFormat format) => format switch
    {
        ReportFormat.Html => ".html",
        ReportFormat.Pdf => ".pdf",
        ReportFormat.Markdown => ".md",
        ReportFormat.Csv => ".csv",
        ReportFormat.ClaimReview => ".claimreview.jsonld",
        ReportFormat.W3C => ".annotations.jsonld",
        ReportFormat.Backup => ".backup.json",
        ReportFormat.PublicHtml => ".public.html",
        ReportFormat.PublicPdf => ".public.pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };

    /// <summary>Parses a wire name (case-insensitive; "md" and "claim-review" are accepted too).</summary>
    public static bool TryParse(string? value, out ReportFormat format)
    {
        switch ((value ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "html": format = ReportFormat.Html; return true;
            case "pdf": format = ReportFormat.Pdf; return true;
            case "markdown" or "md": format = ReportFormat.Markdown; return true;
            case "csv": format = ReportFormat.Csv; return true;
            case "claimreview" or "claim-review": format = ReportFormat.ClaimReview; return true;
            case "w3c" or "webannotation" or "web-annotation": format = ReportFormat.W3C; return true;
            case "backup": format = ReportFormat.Backup; return true;
            case "public-html" or "publichtml": format = ReportFormat.PublicHtml; return true;
            case "public-pdf" or "publicpdf": format = ReportFormat.PublicPdf; return true;
            default: format = default; return false;
        }
    }
}
