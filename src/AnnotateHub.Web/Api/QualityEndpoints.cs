using System.Security.Claims;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Api;

/// <summary>
/// A workspace's agreement statistics (<c>GET /workspaces/{id}/agreement</c>) and its audit trail for admins: verification
/// of the hash chains, seals, and the log of who did what (JSON or CSV). A workspace the caller is not in is a 404.
/// </summary>
public static class QualityEndpoints
{
    public static RouteGroupBuilder MapQualityEndpoints(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces/{workspaceId}").WithTags("Quality and audit");

        workspaces.MapGet("/agreement", AgreementAsync)
            .WithName("GetAgreement")
            .WithSummary("Agreement statistics of the workspace, each document and each reviewer: percent agreement (pairs of votes on a claim with the same verdict), Krippendorff's alpha on the ordinal verdict scale (true 5 … false 1; \"unproven\" counts as missing) over claims with two or more votes, agreement with final rulings, disputed rate. Under blind voting, moderators and admins only.")
            .Produces<AgreementResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspaces.MapGet("/audit/verify", VerifyAsync)
            .WithName("VerifyAuditTrail")
            .WithSummary("Checks the hash chain of every document's events, and that each document still matches the workspace's last seal of document heads. Answers status \"intact\", or \"broken\" with the first broken link (document, version). Workspace admins only; changes nothing.")
            .Produces<AuditVerificationResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspaces.MapPost("/audit/seals", SealAsync)
            .WithName("SealAuditTrail")
            .WithSummary("Verifies, and when intact adds the current document heads to the workspace's chain of seals (a later rewrite or removal of sealed events is then caught). Workspace admins only.")
            .Produces<AuditVerificationResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspaces.MapGet("/audit/events", AuditLogAsync)
            .WithName("GetAuditLog")
            .WithSummary("Who did what and when, newest first: every change to the workspace's documents. Filters: person (user id), document (document id), kind (event type, e.g. vote-cast). format=csv for a CSV download. Workspace admins only.")
            .Produces<AuditLogResponse>()
            .Produces(StatusCodes.Status200OK, null, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> AgreementAsync(string workspaceId, ClaimsPrincipal user, DocumentApi api, QualityService quality, People people)
    {
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        var (report, titles) = await quality.AgreementAsync(workspace);
        return TypedResults.Ok(new AgreementResponse(
            workspace.Workspace.Id,
            Summary(report.Workspace),
            [.. report.Documents.Select(d => new DocumentAgreementResponse(d.DocumentId, titles.GetValueOrDefault(d.DocumentId, d.DocumentId), Summary(d.Summary)))],
            [.. report.Reviewers.Select(r => new ReviewerAgreementResponse(
                r.UserId, people.Name(r.UserId), r.Votes, Share(r.WithOthers), Share(r.WithRulings), Share(r.DisputedRate)))]));
    }

    private static async Task<IResult> VerifyAsync(string workspaceId, ClaimsPrincipal user, DocumentApi api, AuditService audit) =>
        await VerificationAsync(workspaceId, user, api, audit, seal: false);

    private static async Task<IResult> SealAsync(string workspaceId, ClaimsPrincipal user, DocumentApi api, AuditService audit) =>
        await VerificationAsync(workspaceId, user, api, audit, seal: true);

    private static async Task<IResult> VerificationAsync(string workspaceId, ClaimsPrincipal user, DocumentApi api, AuditService audit, bool seal)
    {
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        AuditService.EnsureAdmin(workspace);
        var result = await audit.VerifyAsync(workspace.Workspace.Id, seal, workspace.Actor.UserId);
        return TypedResults.Ok(Verification(result));
    }

    private static async Task<IResult> AuditLogAsync(
        string workspaceId, string? person, string? document, string? kind, string? format, ClaimsPrincipal user, DocumentApi api, AuditService audit, HttpContext http)
    {
        if (format is not null and not "json" and not "csv")
        {
            throw ApiProblems.Invalid("format-unknown", $"Unknown format '{format}'. Use json (the default) or csv.");
        }

        if (!string.IsNullOrEmpty(kind) && !DocumentEventTypes.ByName.ContainsKey(kind))
        {
            throw ApiProblems.Invalid("kind-unknown", $"Unknown kind '{kind}'. Use one of: {string.Join(", ", DocumentEventTypes.ByName.Keys.Order(StringComparer.Ordinal))}.");
        }

        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        AuditService.EnsureAdmin(workspace);
        var entries = await audit.LogAsync(workspace.Workspace.Id, new AuditFilter(person, document, kind), http.RequestAborted);
        if (format == "csv")
        {
            var csv = new StringWriter();
            AuditService.WriteCsv(entries, csv);
            return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"audit-{workspace.Workspace.Id}.csv");
        }

        return TypedResults.Ok(new AuditLogResponse([.. entries.Select(e => new AuditEntryResponse(
            e.At, e.ActorId, e.Actor, e.DocumentId, e.DocumentTitle, e.Version, e.Kind, e.AnnotationId, e.Detail))]));
    }

    public static AuditVerificationResponse Verification(AuditVerification result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new AuditVerificationResponse(
            result.Intact ? "intact" : "broken",
            result.Documents,
            result.Events,
            result.WorkspaceHead,
            result.Intact ? null : new BrokenLinkResponse(result.BrokenDocumentId!, result.BrokenVersion ?? 0, result.Reason ?? ""),
            result.CheckedAgainstSealAt,
            result.Seals,
            result.Sealed);
    }

    private static AgreementSummaryResponse Summary(AgreementSummary s) =>
        new(s.Claims, s.ClaimsWithTwoVotes, s.Votes, Share(s.PercentAgreement), s.Alpha is { } a ? Math.Round(a, 4) : null, Share(s.RulingAgreement), Share(s.DisputedRate));

    private static ShareResponse Share(Share share) => new(share.Count, share.Of, share.Rate is { } r ? Math.Round(r, 4) : null);
}

/// <summary>A share: <c>count</c> of <c>of</c>, and their ratio (null when <c>of</c> is 0).</summary>
public sealed record ShareResponse(int Count, int Of, double? Rate);

public sealed record AgreementSummaryResponse(
    int Claims, int ClaimsWithTwoVotes, int Votes, ShareResponse PercentAgreement, double? Alpha, ShareResponse RulingAgreement, ShareResponse DisputedRate);

public sealed record DocumentAgreementResponse(string DocumentId, string Title, AgreementSummaryResponse Agreement);

public sealed record ReviewerAgreementResponse(string UserId, string Name, int Votes, ShareResponse WithOthers, ShareResponse WithRulings, ShareResponse DisputedRate);

public sealed record AgreementResponse(
    string WorkspaceId, AgreementSummaryResponse Workspace, DocumentAgreementResponse[] Documents, ReviewerAgreementResponse[] Reviewers);

public sealed record BrokenLinkResponse(string DocumentId, long Version, string Reason);

/// <summary><c>status</c> is "intact" or "broken"; <c>broken</c> names the first broken link.</summary>
public sealed record AuditVerificationResponse(
    string Status, int Documents, long Events, string? WorkspaceHead, BrokenLinkResponse? Broken, DateTimeOffset? CheckedAgainstSealAt, long Seals, bool Sealed);

public sealed record AuditEntryResponse(
    DateTimeOffset At, string ActorId, string Actor, string DocumentId, string DocumentTitle, long Version, string Kind, string? AnnotationId, string Detail);

public sealed record AuditLogResponse(AuditEntryResponse[] Events);
