using System.Text.Json;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>
/// schema.org ClaimReview as JSON-LD: an array with one ClaimReview per claim whose status is resolved or consensus
/// (none for open or disputed claims), in report order.
/// </summary>
/// <remarks>
/// Each ClaimReview has: <c>@context</c> https://schema.org; <c>@type</c> ClaimReview; <c>url</c> = the workspace's
/// publisher URL (omitted when not set); <c>claimReviewed</c> = the exact quote; <c>datePublished</c> = the date
/// (UTC) of the ruling, or of reaching consensus; <c>author</c> = {Organization, name = publisher name (else the
/// workspace name), url = publisher URL when set}; <c>reviewRating</c> = {Rating, ratingValue 5 (true) .. 1 (false),
/// bestRating 5, worstRating 1, alternateName = the verdict's label such as "Mostly false"}; for "unproven" there is no
/// ratingValue; <c>itemReviewed</c> = {Claim, appearance = {CreativeWork, url = the document's source URL}} (the
/// CreativeWork has the document's title as name, and no url when the document has no source URL).
/// </remarks>
public static class ClaimReviewReport
{
    public static string Render(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return JsonLd.Write(writer => Write(context, writer));
    }

    private static void Write(ReportContext context, Utf8JsonWriter json)
    {
        var publisherName = string.IsNullOrWhiteSpace(context.Settings.PublisherName) ? context.WorkspaceName : context.Settings.PublisherName.Trim();
        var publisherUrl = string.IsNullOrWhiteSpace(context.Settings.PublisherUrl) ? null : context.Settings.PublisherUrl.Trim();
        json.WriteStartArray();
        foreach (var document in context.Documents)
        {
            foreach (var claim in ReportFacts.Claims(document))
            {
                if (claim.Status is not (ClaimStatus.Resolved or ClaimStatus.Consensus) || ReportFacts.FinalVerdict(claim) is not { } verdict)
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("@context", "https://schema.org");
                json.WriteString("@type", "ClaimReview");
                if (publisherUrl is not null)
                {
                    json.WriteString("url", publisherUrl);
                }

                json.WriteString("claimReviewed", claim.Target.Quote.Exact);
                json.WriteString("datePublished", ReportFacts.Date(ReportFacts.DecidedAt(claim) ?? context.GeneratedAt));

                json.WriteStartObject("author");
                json.WriteString("@type", "Organization");
                json.WriteString("name", publisherName);
                if (publisherUrl is not null)
                {
                    json.WriteString("url", publisherUrl);
                }

                json.WriteEndObject();

                json.WriteStartObject("reviewRating");
                json.WriteString("@type", "Rating");
                if (verdict.RatingValue() is { } rating)
                {
                    json.WriteNumber("ratingValue", rating);
                }

                json.WriteNumber("bestRating", Verdicts.BestRating);
                json.WriteNumber("worstRating", Verdicts.WorstRating);
                json.WriteString("alternateName", verdict.Label());
                json.WriteEndObject();

                json.WriteStartObject("itemReviewed");
                json.WriteString("@type", "Claim");
                json.WriteStartObject("appearance");
                json.WriteString("@type", "CreativeWork");
                if (document.SourceUrl is not null)
                {
                    json.WriteString("url", document.SourceUrl);
                }

                json.WriteString("name", document.Title);
                json.WriteEndObject();
                json.WriteEndObject();

                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
    }
}
