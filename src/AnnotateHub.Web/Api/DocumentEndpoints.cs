using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnnotateHub.Domain;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

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
            .WithDescription(
                "Under blind voting, claims whose votes are hidden from you come without them (see 'hiddenVotes' and the status " +
                "\"voting\"), and the ETag names that view: the version and a suffix, e.g. \"12-3f9a0c1d2e4b5a69\". It is accepted as If-Match like the bare version.")
            .Produces<DocumentResponse>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapGet("/{documentId}/events", GetEventsAsync)
            .WithName("GetDocumentEvents")
            .WithSummary("The change feed: events after a version, oldest first (each with its \"type\" and \"sequence\").")
            .WithDescription(
                "Under blind voting, an event that would reveal votes hidden from you keeps its place but carries \"redacted\": true " +
                "and loses its details: a \"vote-cast\" its verdict, rationale and previousVerdict, a \"claim-status-changed\" its from and to. " +
                "Read the feed again after voting (or after the claim is resolved) to see them.")
            .Produces<EventsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> GetDocumentAsync(string documentId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var access = await api.OpenAsync(user, documentId);
        var view = await api.VoteViewAsync(access);
        var document = access.Document;
        var etag = view.ETag(document.Version, document.Annotations.Where(a => !a.Deleted));
        DocumentApi.SetPersonalRepresentation(http.Response, etag);
        return DocumentApi.NotModified(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(map.Document(document, view));
    }

    private static async Task<IResult> GetEventsAsync(
        string documentId, ClaimsPrincipal user, HttpContext http, DocumentApi api, IOptions<JsonOptions> json, long? after, int? limit)
    {
        var access = await api.OpenAsync(user, documentId);
        var document = access.Document;
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
        var response = new EventsResponse(events, version, version < current);
        DocumentApi.SetPersonalRepresentation(http.Response, etag: null);

        // Blind voting is judged on a state that has every event of the page (a write may have landed since the read).
        var view = await api.VoteViewAsync(access);
        var state = version > document.Version ? await api.Documents.GetAsync(document.Id) : document;
        var redacted = events.Select(e => view.Redacts(e, state)).ToArray();
        return redacted.Contains(true)
            ? TypedResults.Ok(Redact(response, redacted, json.Value.SerializerOptions))
            : TypedResults.Ok(response);
    }

    /// <summary>
    /// <paramref name="response"/> as JSON with the details of each event flagged in <paramref name="redacted"/> removed
    /// (see <see cref="EventsResponse"/>); the events keep their type, sequence, actor, time and annotation.
    /// </summary>
    private static JsonNode Redact(EventsResponse response, bool[] redacted, JsonSerializerOptions options)
    {
        string Name(string member) => options.PropertyNamingPolicy?.ConvertName(member) ?? member;
        string[] voteDetails = [Name(nameof(VoteCast.Verdict)), Name(nameof(VoteCast.Rationale)), Name(nameof(VoteCast.PreviousVerdict))];
        string[] statusDetails = [Name(nameof(ClaimStatusChanged.From)), Name(nameof(ClaimStatusChanged.To))];
        string[] annotationText = [Name(nameof(AnnotationCreated.Body)), Name(nameof(AnnotationCreated.Tags))];
        string[] replyText = [Name(nameof(ReplyAdded.Body))];
        string[] sourceText = [Name(nameof(SourceAttached.Title)), Name(nameof(SourceAttached.Url)), Name(nameof(SourceAttached.Quote)), Name(nameof(SourceAttached.Note))];

        var node = JsonSerializer.SerializeToNode(response, options)!;
        var events = node[Name(nameof(EventsResponse.Events))]!.AsArray();
        for (var i = 0; i < redacted.Length; i++)
        {
            if (!redacted[i])
            {
                continue;
            }

            var change = events[i]!.AsObject();
            var details = response.Events[i] switch
            {
                VoteCast => voteDetails,
                ClaimStatusChanged => statusDetails,
                AnnotationCreated or AnnotationEdited => annotationText,
                ReplyAdded or ReplyEdited => replyText,
                SourceAttached => sourceText,
                var other => throw new InvalidOperationException($"No redaction is defined for a '{other.EventType}' event."),
            };
            foreach (var detail in details)
            {
                change.Remove(detail);
            }

            change["redacted"] = true;
        }

        return node;
    }
}
