using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Publishing rulings for readers: a moderator publishes a resolved claim with a headline and summary (its public page is
/// <c>/c/{slug}</c>) and can unpublish it; members list what their workspace has published.
/// </summary>
public static class PublicationEndpoints
{
    private const string Publication = "/documents/{documentId}/annotations/{annotationId}/publication";

    public static RouteGroupBuilder MapPublicationEndpoints(this RouteGroupBuilder api)
    {
        var publications = api.MapGroup(string.Empty).WithTags("Publications");

        publications.MapPost(Publication, PublishAsync)
            .WithName("PublishClaim")
            .WithSummary("Publishes a resolved claim for readers with a reviewed headline and summary (optionally who made the claim and when); answers 201 with its public page's url, which never changes. Publishing again updates the text. 409 claim-not-resolved when the claim has no ruling; 422 for a missing or too long headline or summary. Moderator or above.")
            .Produces<PublicationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        publications.MapDelete(Publication, UnpublishAsync)
            .WithName("UnpublishClaim")
            .WithSummary("Withdraws a claim's publication: its public page answers 404 until it is published again (at the same address). Moderator or above.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        publications.MapGet("/workspaces/{workspaceId}/publications", ListAsync)
            .WithName("ListPublications")
            .WithSummary("The workspace's published claims, newest first, with their public pages.")
            .Produces<PublicationListResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> PublishAsync(
        string documentId, string annotationId, [FromBody] PublicationRequest request, ClaimsPrincipal user, HttpContext http,
        DocumentApi api, PublicationService publications, PublicUrls urls)
    {
        var document = await api.OpenAsync(user, documentId);
        var headline = request.Headline ?? throw ApiProblems.Required("headline", "one line for readers saying what was checked");
        var summary = request.Summary ?? throw ApiProblems.Required("summary", "a few sentences for readers on what the claim gets right or wrong");
        DateOnly? claimDate = null;
        if (!string.IsNullOrWhiteSpace(request.ClaimDate))
        {
            claimDate = DateOnly.TryParseExact(request.ClaimDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw ApiProblems.Invalid("claim-date-invalid", "'claimDate' is a date such as 2026-11-21 (year-month-day).");
        }

        var state = await api.ExecuteAsync(http, document, new PublishClaim(document.Actor, annotationId, headline, summary, request.Claimant, claimDate));
        var annotation = state.FindAnnotation(annotationId)!;
        var response = Show(state, annotation, publications, urls.Origin(http.Request));
        return TypedResults.Created(response.Url, response);
    }

    private static async Task<IResult> UnpublishAsync(string documentId, string annotationId, ClaimsPrincipal user, HttpContext http, DocumentApi api)
    {
        var document = await api.OpenAsync(user, documentId);
        await api.ExecuteAsync(http, document, new UnpublishClaim(document.Actor, annotationId));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListAsync(string workspaceId, ClaimsPrincipal user, HttpContext http, DocumentApi api, PublicationService publications, PublicUrls urls)
    {
        var workspace = await api.OpenWorkspaceAsync(user, workspaceId);
        var (_, items) = await publications.ListAsync(workspace.Workspace.Id);
        var origin = urls.Origin(http.Request);
        return TypedResults.Ok(new PublicationListResponse(items.Select(i => Show(i.Document, i.Claim, publications, origin)).ToArray()));
    }

    private static PublicationResponse Show(DocumentState document, Annotation claim, PublicationService publications, string origin)
    {
        var p = claim.Publication!;
        return new PublicationResponse(
            publications.Url(p.Slug, origin), p.Slug, p.Headline, p.Summary, p.Claimant, p.ClaimDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            claim.Resolution?.Verdict, document.Id, claim.Id, p.FirstPublishedAt, p.PublishedAt);
    }
}

/// <summary>What a moderator publishes with a resolved claim.</summary>
public sealed record PublicationRequest
{
    [Required, Description("One line for readers (1 to 200 characters).")]
    public string? Headline { get; init; }

    [Required, Description("A few sentences for readers (1 to 2,000 characters); blank lines separate paragraphs.")]
    public string? Summary { get; init; }

    [Description("Who made the claim, when known (up to 200 characters): ClaimReview's itemReviewed.author.")]
    public string? Claimant { get; init; }

    [Description("When the claim was made, when known, as yyyy-MM-dd: ClaimReview's itemReviewed.datePublished.")]
    public string? ClaimDate { get; init; }
}

/// <summary>A published claim: its public page and what readers see.</summary>
public sealed record PublicationResponse(
    string Url,
    string Slug,
    string Headline,
    string Summary,
    string? Claimant,
    string? ClaimDate,
    Verdict? Verdict,
    string DocumentId,
    string AnnotationId,
    DateTimeOffset FirstPublishedAt,
    DateTimeOffset PublishedAt);

public sealed record PublicationListResponse(IReadOnlyList<PublicationResponse> Publications);
