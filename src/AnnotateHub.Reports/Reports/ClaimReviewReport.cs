using System.Globalization;
using System.Text.Json;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>
/// schema.org ClaimReview as JSON-LD: an array with one ClaimReview per published claim (<see cref="Annotation.IsPublished"/>),
/// in report order; claims that are not published are not in it.
/// </summary>
/// <remarks>
/// Each ClaimReview has: <c>@context</c> https://schema.org; <c>@type</c> ClaimReview; <c>url</c> = the claim's public
/// page; <c>headline</c> and <c>reviewBody</c> = the publication's headline and summary; <c>claimReviewed</c> = the exact
/// quote; <c>datePublished</c> = the date of the first publication in the workspace's time zone; <c>author</c> =
/// {Organization, name = publisher name (else the workspace name), url = publisher URL when set, logo when set};
/// <c>reviewRating</c> = {Rating, ratingValue 5 (true) .. 1 (false), bestRating 5, worstRating 1, alternateName = the
/// ruling's verdict label such as "Mostly false"} (for "unproven" there is no ratingValue); <c>itemReviewed</c> = {Claim,
/// appearance = {CreativeWork, url = the document's source URL, headline = its title} when the source URL is known, author
/// = {Person, name} and datePublished when the publication names who made the claim and when}.
/// </remarks>
public static class ClaimReviewReport
{
    public static string Render(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return JsonLd.Write(json =>
        {
            json.WriteStartArray();
            foreach (var document in context.Documents)
            {
                foreach (var claim in ReportFacts.Claims(document))
                {
                    if (claim.IsPublished())
                    {
                        Write(json, context, document, claim);
                    }
                }
            }

            json.WriteEndArray();
        });
    }

    /// <summary>One published claim's ClaimReview, as a JSON object (embedded in its public page).</summary>
    public static string RenderOne(ReportContext context, DocumentState document, Annotation claim)
    {
        ArgumentNullException.ThrowIfNull(context);
        return JsonLd.Write(json => Write(json, context, document, claim));
    }

    private static void Write(Utf8JsonWriter json, ReportContext context, DocumentState document, Annotation claim)
    {
        var publication = claim.Publication ?? throw new ArgumentException("The claim is not published.", nameof(claim));
        var verdict = claim.Resolution?.Verdict ?? throw new ArgumentException("The claim has no ruling.", nameof(claim));
        var site = PublicSite.From(context);

        json.WriteStartObject();
        json.WriteString("@context", "https://schema.org");
        json.WriteString("@type", "ClaimReview");
        json.WriteString("url", context.PublicUrl(publication.Slug));
        json.WriteString("headline", publication.Headline);
        json.WriteString("reviewBody", publication.Summary);
        json.WriteString("claimReviewed", claim.Target.Quote.Exact);
        json.WriteString("datePublished", site.IsoDate(publication.FirstPublishedAt));

        json.WriteStartObject("author");
        json.WriteString("@type", "Organization");
        json.WriteString("name", site.Name);
        if (site.Url is not null)
        {
            json.WriteString("url", site.Url);
        }

        if (site.LogoUrl is not null)
        {
            json.WriteString("logo", site.LogoUrl);
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
        if (ReportFacts.IsSafeUrl(document.SourceUrl))
        {
            json.WriteStartObject("appearance");
            json.WriteString("@type", "CreativeWork");
            json.WriteString("url", document.SourceUrl);
            json.WriteString("headline", document.Title);
            json.WriteEndObject();
        }

        if (publication.Claimant is { } claimant)
        {
            json.WriteStartObject("author");
            json.WriteString("@type", "Person");
            json.WriteString("name", claimant);
            json.WriteEndObject();
        }

        if (publication.ClaimDate is { } said)
        {
            json.WriteString("datePublished", said.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
