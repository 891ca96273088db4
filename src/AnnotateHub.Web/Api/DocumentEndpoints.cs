using System.Security.Claims;

namespace AnnotateHub.Web.Api;

/// <summary>A document with its annotations, and its change feed.</summary>
public static class DocumentEndpoints
{
    public const int MaxEventsPerPage = 1000;

    public static RouteGroupBuilder MapDocumentEndpoints(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/documents").WithTags("Documents");

        documents.MapGet("/{documentId}", GetDocumentAsync)
            .WithName("GetDocument")
            .WithSummary("The document, its text and its live annotations; the ETag is its version (send it back as If-Match to write optimistically).")
            .Produces<DocumentResponse>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapGet("/{documentId}/events", GetEventsAsync)
            .WithName("GetDocumentEvents")
            .WithSummary("The change feed: events after a version, oldest first (each with its \"type\" and \"sequence\").")
            .Produces<EventsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> GetDocumentAsync(string documentId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var document = (await api.OpenAsync(user, documentId)).Document;
        DocumentApi.SetETag(http.Response, document.Version);
        return DocumentApi.NotModified(http.Request, document.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(map.Document(document));
    }

    private static async Task<IResult> GetEventsAsync(string documentId, ClaimsPrincipal user, DocumentApi api, long? after, int? limit)
    {
        var document = (await api.OpenAsync(user, documentId)).Document;
        var from = after ?? 0;
        if (from < 0)
        {
            throw ApiProblems.Invalid("after-invalid", "'after' is a document version: 0 (from the start) or more.");
        }

        var count = limit ?? MaxEventsPerPage;
        if (count is < 1 or > MaxEventsPerPage)
        {
            throw ApiProblems.Invalid("limit-invalid", $"'limit' must be between 1 and {MaxEventsPerPage}.");
        }

        var events = await api.Documents.EventsSinceAsync(document.Id, from, count);
        var version = events.Count > 0 ? events[^1].Sequence : Math.Min(from, document.Version);
        var current = Math.Max(document.Version, version);
        return TypedResults.Ok(new EventsResponse(events, version, version < current));
    }
}
