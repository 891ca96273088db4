using System.Text;
using AnnotateHub.Reports;
using AnnotateHub.Web.Security;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Api;

/// <summary>
/// The pages anyone may read without signing in: <c>/c/{slug}</c> (a published claim), <c>/p/{address}</c> (a
/// workspace's published fact checks, at its public slug or its id) and <c>/p/{address}/feed.atom</c>. Only what is published now is there: an
/// unknown, unpublished or withdrawn claim, and a workspace with nothing published, answer 404 exactly as an address that
/// never existed does. Static HTML from minimal endpoints (no interactive circuit), cached in memory per document version.
/// </summary>
public static class PublicEndpoints
{
    /// <summary>What a public page may load: its own inline styles and images (the publisher's logo); nothing else, no script.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private const string NotFoundPage =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Not found</title>\n</head>\n<body>\n" +
        "<h1>Not found</h1>\n<p>There is nothing at this address.</p>\n</body>\n</html>\n";

    public static WebApplication MapPublicEndpoints(this WebApplication app)
    {
        app.MapGet("/c/{slug}", ClaimAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/p/{address}", ListAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/p/{address}/feed.atom", FeedAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ClaimAsync(string slug, HttpContext http, PublicationService publications, PublicUrls urls)
    {
        var page = await publications.ClaimPageAsync(slug, urls.Origin(http.Request));
        return page is null ? NotFound(http) : Page(http, page, "text/html; charset=utf-8");
    }

    private static Task<IResult> ListAsync(string address, HttpContext http, PublicationService publications, PublicUrls urls) =>
        ListingAsync(address, string.Empty, http, publications, urls, PublicPages.ListPage, "text/html; charset=utf-8");

    private static Task<IResult> FeedAsync(string address, HttpContext http, PublicationService publications, PublicUrls urls) =>
        ListingAsync(address, "/feed.atom", http, publications, urls, PublicPages.AtomFeed, "application/atom+xml; charset=utf-8");

    /// <summary>
    /// A rendering of the published claims of the workspace at <paramref name="address"/> (its public slug, or its id
    /// while it has none); 404 when it has none. The id of a workspace with a slug redirects (301) to the slug's address.
    /// </summary>
    private static async Task<IResult> ListingAsync(
        string address, string suffix, HttpContext http, PublicationService publications, PublicUrls urls,
        Func<ReportContext, IReadOnlyList<PublishedItem>, string> render, string contentType)
    {
        var (workspace, items) = await publications.ListAsync(await publications.WorkspaceAtAsync(address));
        if (items.Count == 0)
        {
            return NotFound(http);
        }

        var canonical = workspace.Settings.PublicSlug ?? workspace.Id;
        if (canonical != address)
        {
            // a slug no longer held by this workspace is never served (WorkspaceAtAsync found none): only an id gets here
            return Results.Redirect($"/p/{Uri.EscapeDataString(canonical)}{suffix}", permanent: true);
        }

        var context = publications.Context(workspace, items.Select(i => i.Document).Distinct().ToArray(), urls.Origin(http.Request));
        return Page(http, Encoding.UTF8.GetBytes(render(context, items)), contentType);
    }

    private static IResult Page(HttpContext http, byte[] content, string contentType)
    {
        SecurityHeaders.UsePolicy(http, ContentSecurityPolicy);
        // Shared caches may keep it, but must ask again before each use: an unpublished claim is gone at once.
        http.Response.Headers.CacheControl = "public, no-cache";
        return TypedResults.Bytes(content, contentType);
    }

    private static IResult NotFound(HttpContext http)
    {
        SecurityHeaders.UsePolicy(http, ContentSecurityPolicy);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(NotFoundPage, "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
    }
}
