using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Verdict reports as downloads: <c>GET /documents/{id}/report?format=…</c> and <c>GET /workspaces/{id}/report?format=…</c>
/// with the format's content type and <c>Content-Disposition: attachment</c>. Same access as reading: a document or
/// workspace the caller cannot see is a 404. A workspace backup is for workspace admins.
/// </summary>
public static class ReportEndpoints
{
    private static readonly string[] ReportContentTypes =
        ["text/html", "application/pdf", "text/markdown", "text/csv", "application/ld+json", "application/json"];

    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/documents/{documentId}/report", DocumentReportAsync)
            .WithTags("Reports")
            .WithName("GetDocumentReport")
            .WithSummary("The document's verdict report as a download: format=html (default), pdf, markdown, csv, claimreview (schema.org ClaimReview JSON-LD) or w3c (W3C Web Annotation collection; page=N for one page).")
            .Produces(StatusCodes.Status200OK, null, ReportContentTypes[0], ReportContentTypes[1..])
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/workspaces/{workspaceId}/report", WorkspaceReportAsync)
            .WithTags("Reports")
            .WithName("GetWorkspaceReport")
            .WithSummary("The workspace's verdict report over all its documents (formats as for a document), or format=backup: the whole workspace as JSON with every document's event stream (workspace admins only).")
            .Produces(StatusCodes.Status200OK, null, ReportContentTypes[0], ReportContentTypes[1..])
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static async Task<IResult> DocumentReportAsync(
        string documentId, string? format, int? page, ClaimsPrincipal user, HttpContext http, DocumentApi api, [FromServices] ReportService reports)
    {
        var document = await api.OpenAsync(user, documentId);
        var parsed = Parse(format, ReportFormats.DocumentFormats, "a document");
        var file = await Render(() => reports.DocumentReportAsync(document.Document, parsed, BaseIri(http), page, document.Actor, http.RequestAborted));
        return Download(http, file);
    }

    private static async Task<IResult> WorkspaceReportAsync(
        string workspaceId, string? format, int? page, ClaimsPrincipal user, HttpContext http, DocumentApi api, [FromServices] ReportService reports)
    {
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        var parsed = Parse(format, ReportFormats.WorkspaceFormats, "a workspace");
        if (parsed == ReportFormat.Backup && !workspace.Actor.Role.CanAdminister())
        {
            throw new DomainException(DomainError.Forbidden(
                ReportCodes.BackupForbidden, "Only a workspace admin can download its backup (it holds everything, deleted items included); ask an admin."));
        }

        var file = await Render(() => reports.WorkspaceReportAsync(workspace.Workspace, parsed, BaseIri(http), page, workspace.Actor, http.RequestAborted));
        return Download(http, file);
    }

    private static ReportFormat Parse(string? format, IReadOnlyList<ReportFormat> allowed, string what)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return ReportFormat.Html;
        }

        return ReportFormats.TryParse(format, out var parsed) && allowed.Contains(parsed)
            ? parsed
            : throw ApiProblems.Invalid(
                ReportCodes.FormatUnknown,
                $"\"{format}\" is not a report format for {what}; use one of: {string.Join(", ", allowed.Select(f => f.WireName()))}.");
    }

    private static async Task<ReportFile> Render(Func<Task<ReportFile>> render)
    {
        try
        {
            return await render();
        }
        catch (PdfRenderException e)
        {
            throw new ApiException(
                e.Error == PdfError.Failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable,
                e.Error == PdfError.Failed ? ReportCodes.PdfFailed : ReportCodes.PdfUnavailable,
                e.Message);
        }
    }

    private static IResult Download(HttpContext http, ReportFile file)
    {
        // Reports hold unpublished work: never cached by shared caches or the browser.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>The API's base address as the caller reached it: ids in the W3C export resolve against this server.</summary>
    private static string BaseIri(HttpContext http) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{ApiRegistration.Prefix}";
}
