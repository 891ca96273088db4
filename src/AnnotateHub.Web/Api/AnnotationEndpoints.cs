using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Annotations and everything on them: threads, sources, votes, rulings. Every write runs in the document grain's
/// turn, honours <c>If-Match</c>, and answers with the new document version as the ETag.
/// </summary>
public static class AnnotationEndpoints
{
    private const string Annotation = "/documents/{documentId}/annotations/{annotationId}";

    public static RouteGroupBuilder MapAnnotationEndpoints(this RouteGroupBuilder api)
    {
        var annotations = api.MapGroup("/documents/{documentId}/annotations").WithTags("Annotations");

        Write(annotations.MapPost("", CreateAnnotationAsync)
            .WithName("CreateAnnotation")
            .WithSummary("Marks a passage (a quote, or a code point range) as a claim, comment or question. Reviewer or above.")
            .Produces<AnnotationResponse>(StatusCodes.Status201Created));

        annotations.MapGet("/{annotationId}", GetAnnotationAsync)
            .WithName("GetAnnotation")
            .WithSummary("One annotation with its votes, thread and sources.")
            .Produces<AnnotationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        Write(annotations.MapPatch("/{annotationId}", EditAnnotationAsync)
            .WithName("EditAnnotation")
            .WithSummary("Changes the body, tags or kind. The author, or a moderator.")
            .Produces<AnnotationResponse>());

        Write(annotations.MapDelete("/{annotationId}", DeleteAnnotationAsync)
            .WithName("DeleteAnnotation")
            .WithSummary("Deletes an annotation. The author, or a moderator.")
            .Produces(StatusCodes.Status204NoContent));

        var threads = api.MapGroup(Annotation + "/replies").WithTags("Threads");

        Write(threads.MapPost("", CreateReplyAsync)
            .WithName("CreateReply")
            .WithSummary("Replies in the annotation's thread. Reviewer or above.")
            .Produces<ReplyResponse>(StatusCodes.Status201Created));

        threads.MapGet("/{replyId}", GetReplyAsync)
            .WithName("GetReply")
            .WithSummary("One reply.")
            .Produces<ReplyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        Write(threads.MapPatch("/{replyId}", EditReplyAsync)
            .WithName("EditReply")
            .WithSummary("Changes a reply. Its author, or a moderator.")
            .Produces<ReplyResponse>());

        Write(threads.MapDelete("/{replyId}", DeleteReplyAsync)
            .WithName("DeleteReply")
            .WithSummary("Deletes a reply. Its author, or a moderator.")
            .Produces(StatusCodes.Status204NoContent));

        var sources = api.MapGroup(Annotation + "/sources").WithTags("Sources");

        Write(sources.MapPost("", AttachSourceAsync)
            .WithName("AttachSource")
            .WithSummary("Attaches a web page (url) or a passage of another document of the workspace (documentId + target). Reviewer or above.")
            .Produces<SourceResponse>(StatusCodes.Status201Created));

        sources.MapGet("/{sourceId}", GetSourceAsync)
            .WithName("GetSource")
            .WithSummary("One source.")
            .Produces<SourceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        Write(sources.MapDelete("/{sourceId}", DetachSourceAsync)
            .WithName("DetachSource")
            .WithSummary("Removes a source. Whoever attached it, or a moderator.")
            .Produces(StatusCodes.Status204NoContent));

        var verdicts = api.MapGroup(Annotation).WithTags("Verdicts");

        Write(verdicts.MapPut("/votes/me", CastVoteAsync)
            .WithName("CastVote")
            .WithSummary("Casts or changes your verdict on a claim; answers with the claim and its status. Needs a rationale when the workspace requires one (422 rationale-required). Reviewer or above.")
            .Produces<AnnotationResponse>());

        Write(verdicts.MapPost("/resolution", ResolveAsync)
            .WithName("ResolveClaim")
            .WithSummary("Rules on a claim whose votes reached the quorum (consensus or disputed) with a final verdict and a rationale; the minority votes are kept. 409 claim-voting-open while the claim is still open (fewer votes than the quorum), 409 claim-resolved when it is already resolved; 422 rationale-required without a rationale. Moderator or above.")
            .Produces<AnnotationResponse>());

        Write(verdicts.MapPost("/reopen", ReopenAsync)
            .WithName("ReopenClaim")
            .WithSummary("Reopens a resolved claim with a reason (recorded in its history; 422 rationale-required without one); its status is recomputed from the votes. Moderator or above.")
            .Produces<AnnotationResponse>());

        Write(verdicts.MapPost("/votes/reveal", RevealVotesAsync)
            .WithName("RevealVotes")
            .WithSummary("Under blind voting, shows a moderator the claim's votes before they cast their own (\"reveal to rule\"); recorded. Moderator or above.")
            .Produces<AnnotationResponse>());
        return api;
    }

    /// <summary>The errors every write can answer with.</summary>
    internal static void Write(RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    // ---- annotations ---------------------------------------------------------------------------------------------

    private static async Task<IResult> CreateAnnotationAsync(
        string documentId, [FromBody] CreateAnnotationRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var kindName = request.Kind ?? throw ApiProblems.Required("kind", "\"claim\", \"comment\" or \"question\"");
        var document = await api.OpenAsync(user, documentId);
        var target = DocumentApi.Target(request.Target, "target", document.Document);
        var tags = request.Tags is null ? default : DocumentApi.Tags(request.Tags, "tags");
        var id = DocumentApi.NewId("ann", request.Id);
        var command = new Highlight(document.Actor, id, DocumentApi.Kind(kindName), target, request.Body ?? string.Empty, tags);
        var view = await api.VoteViewAsync(document); // before the write: once it commits, nothing may turn the answer into an error
        var state = await api.ExecuteAsync(http, document, command);
        return TypedResults.Created(AnnotationUrl(documentId, id), ShowAnnotation(http, map, view, state, id));
    }

    private static async Task<IResult> GetAnnotationAsync(
        string documentId, string annotationId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var document = await api.OpenAsync(user, documentId);
        return TypedResults.Ok(ShowAnnotation(http, map, await api.VoteViewAsync(document), document.Document, annotationId));
    }

    private static Task<IResult> EditAnnotationAsync(
        string documentId, string annotationId, [FromBody] EditAnnotationRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        ChangeAnnotationAsync(documentId, annotationId, user, http, api, map, actor =>
        {
            AnnotationKind? kind = request.Kind is null ? null : DocumentApi.Kind(request.Kind);
            System.Collections.Immutable.ImmutableArray<string>? tags = request.Tags is null ? null : DocumentApi.Tags(request.Tags, "tags");
            return new EditAnnotation(actor, annotationId, request.Body, tags, kind);
        });

    private static Task<IResult> DeleteAnnotationAsync(string documentId, string annotationId, ClaimsPrincipal user, HttpContext http, DocumentApi api) =>
        RemoveAsync(documentId, user, http, api, actor => new DeleteAnnotation(actor, annotationId));

    // ---- threads -------------------------------------------------------------------------------------------------

    private static async Task<IResult> CreateReplyAsync(
        string documentId, string annotationId, [FromBody] CreateReplyRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var body = request.Body ?? throw ApiProblems.Required("body", "the reply's text");
        var document = await api.OpenAsync(user, documentId);
        var id = DocumentApi.NewId("rep", request.Id);
        var view = await api.VoteViewAsync(document);
        var state = await api.ExecuteAsync(http, document, new AddReply(document.Actor, annotationId, id, body));
        return TypedResults.Created($"{AnnotationUrl(documentId, annotationId)}/replies/{Uri.EscapeDataString(id)}", map.Reply(Find(state, annotationId), FindReply(state, annotationId, id), view));
    }

    private static Task<IResult> GetReplyAsync(
        string documentId, string annotationId, string replyId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        ReadAsync(documentId, user, http, api, (state, view) => map.Reply(Find(state, annotationId), FindReply(state, annotationId, replyId), view));

    private static async Task<IResult> EditReplyAsync(
        string documentId, string annotationId, string replyId, [FromBody] EditReplyRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var body = request.Body ?? throw ApiProblems.Required("body", "the reply's new text");
        var document = await api.OpenAsync(user, documentId);
        var view = await api.VoteViewAsync(document);
        var state = await api.ExecuteAsync(http, document, new EditReply(document.Actor, annotationId, replyId, body));
        return TypedResults.Ok(map.Reply(Find(state, annotationId), FindReply(state, annotationId, replyId), view));
    }

    private static Task<IResult> DeleteReplyAsync(
        string documentId, string annotationId, string replyId, ClaimsPrincipal user, HttpContext http, DocumentApi api) =>
        RemoveAsync(documentId, user, http, api, actor => new DeleteReply(actor, annotationId, replyId));

    // ---- sources -------------------------------------------------------------------------------------------------

    private static async Task<IResult> AttachSourceAsync(
        string documentId, string annotationId, [FromBody] AttachSourceRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var title = request.Title ?? throw ApiProblems.Required("title", "a title for people, such as the page's or document's title");
        var stanceName = request.Stance ?? throw ApiProblems.Required("stance", "\"supports\", \"refutes\" or \"context\"");
        var document = await api.OpenAsync(user, documentId);
        var stance = DocumentApi.Stance(stanceName);
        var id = DocumentApi.NewId("src", request.Id);

        AttachSource command;
        if (request.DocumentId is { } linkedId)
        {
            if (request.Url is not null)
            {
                throw ApiProblems.Invalid(ErrorCodes.SourceLocationInvalid,
                    "A source is either a web page ('url') or a passage of another document ('documentId' and 'target'), not both; send one of them.");
            }

            // The passage is resolved against the linked document outside this document's turn (two documents linking
            // each other never wait on each other); the link itself is then written in this document's turn.
            var linked = await api.Documents.GetAsync(linkedId);
            if (!linked.Exists || linked.WorkspaceId != document.Document.WorkspaceId)
            {
                throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.DocumentNotFound,
                    $"There is no document '{linkedId}' in this workspace to link to; pick a document of this workspace.");
            }

            var passage = await api.Documents.Grain(linkedId).ResolvePassageAsync(DocumentApi.Target(request.Target, "target", linked));
            command = new AttachSource(document.Actor, annotationId, id, title, stance,
                Url: null, Quote: passage.Quote.Exact, Note: request.Note, LinkedDocumentId: linkedId, LinkedTarget: passage);
        }
        else
        {
            if (request.Target is not null)
            {
                throw ApiProblems.Invalid(ErrorCodes.SourceLocationInvalid,
                    "'target' names a passage of another document: send it with that document's id in 'documentId', or send a 'url' instead.");
            }

            command = new AttachSource(document.Actor, annotationId, id, title, stance, Url: request.Url, Quote: request.Quote, Note: request.Note);
        }

        var view = await api.VoteViewAsync(document);
        var state = await api.ExecuteAsync(http, document, command);
        return TypedResults.Created($"{AnnotationUrl(documentId, annotationId)}/sources/{Uri.EscapeDataString(id)}", map.Source(Find(state, annotationId), FindSource(state, annotationId, id), view));
    }

    private static Task<IResult> GetSourceAsync(
        string documentId, string annotationId, string sourceId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        ReadAsync(documentId, user, http, api, (state, view) => map.Source(Find(state, annotationId), FindSource(state, annotationId, sourceId), view));

    private static Task<IResult> DetachSourceAsync(
        string documentId, string annotationId, string sourceId, ClaimsPrincipal user, HttpContext http, DocumentApi api) =>
        RemoveAsync(documentId, user, http, api, actor => new DetachSource(actor, annotationId, sourceId));

    // ---- verdicts ------------------------------------------------------------------------------------------------

    private static async Task<IResult> CastVoteAsync(
        string documentId, string annotationId, [FromBody] VoteRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var document = await api.OpenAsync(user, documentId);
        var verdictName = request.Verdict ?? throw ApiProblems.Required("verdict", "one of true, mostly-true, mixed, mostly-false, false, unproven");
        var settings = await api.SettingsAsync(document);
        var state = await api.ExecuteAsync(http, document,
            new CastVote(document.Actor, annotationId, DocumentApi.Verdict(verdictName), request.Rationale ?? string.Empty, settings.RequireRationale));
        return TypedResults.Ok(ShowAnnotation(http, map, new VoteView(document.Actor, settings.BlindVoting), state, annotationId));
    }

    private static Task<IResult> ResolveAsync(
        string documentId, string annotationId, [FromBody] ResolutionRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map)
    {
        var verdictName = request.Verdict ?? throw ApiProblems.Required("verdict", "the final verdict: one of true, mostly-true, mixed, mostly-false, false, unproven");
        var rationale = request.Rationale ?? throw ApiProblems.Required("rationale", "why the claim is ruled this way");
        return ChangeAnnotationAsync(documentId, annotationId, user, http, api, map,
            actor => new ResolveClaim(actor, annotationId, DocumentApi.Verdict(verdictName), rationale));
    }

    private static Task<IResult> ReopenAsync(
        string documentId, string annotationId, [FromBody] ReopenRequest? request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        ChangeAnnotationAsync(documentId, annotationId, user, http, api, map, actor => new ReopenClaim(actor, annotationId, request?.Rationale));

    private static Task<IResult> RevealVotesAsync(
        string documentId, string annotationId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        ChangeAnnotationAsync(documentId, annotationId, user, http, api, map, actor => new RevealVotes(actor, annotationId));

    // ---- shared steps --------------------------------------------------------------------------------------------

    /// <summary>
    /// A write that answers with the annotation: opens the document for the caller (404 when they may not see it), makes
    /// the command for them (its input is checked only then, so an outsider learns nothing from a 422), runs it in the
    /// document's turn with the request's If-Match, and answers 200 with the annotation as the caller now may see it.
    /// </summary>
    internal static async Task<IResult> ChangeAnnotationAsync(
        string documentId, string annotationId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map, Func<Actor, DocumentCommand> command)
    {
        var document = await api.OpenAsync(user, documentId);
        var view = await api.VoteViewAsync(document); // before the write: once it commits, nothing may turn the answer into an error
        var state = await api.ExecuteAsync(http, document, command(document.Actor));
        return TypedResults.Ok(ShowAnnotation(http, map, view, state, annotationId));
    }

    /// <summary>A write that answers 204: opens the document for the caller and runs the command made for them.</summary>
    private static async Task<IResult> RemoveAsync(
        string documentId, ClaimsPrincipal user, HttpContext http, DocumentApi api, Func<Actor, DocumentCommand> command)
    {
        var document = await api.OpenAsync(user, documentId);
        await api.ExecuteAsync(http, document, command(document.Actor));
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A read of something without votes (a reply, a source): the document's version is its ETag, made personal when
    /// the caller's view of the document differs from everyone's (what a moderator hid, <see cref="VoteView"/>).
    /// </summary>
    private static async Task<IResult> ReadAsync<T>(string documentId, ClaimsPrincipal user, HttpContext http, DocumentApi api, Func<DocumentState, VoteView, T> read)
    {
        var access = await api.OpenAsync(user, documentId);
        var view = await api.VoteViewAsync(access);
        var document = access.Document;
        var etag = view.ETag(document.Version, document.Annotations.Where(a => !a.Deleted));
        if (etag == DocumentApi.ETag(document.Version))
        {
            DocumentApi.SetETag(http.Response, document.Version);
        }
        else
        {
            DocumentApi.SetPersonalRepresentation(http.Response, etag);
        }

        return TypedResults.Ok(read(document, view));
    }

    /// <summary>
    /// The annotation in <paramref name="state"/> as the caller may see it (blind voting, <paramref name="view"/>), with the
    /// ETag of that view. Calls nothing: a write reads the view before it commits, so that a committed write is never
    /// answered with an error (a client would retry it, and the change would be made twice).
    /// </summary>
    private static AnnotationResponse ShowAnnotation(HttpContext http, ApiMapper map, VoteView view, DocumentState state, string annotationId)
    {
        var annotation = Find(state, annotationId);
        DocumentApi.SetPersonalRepresentation(http.Response, view.ETag(state.Version, [annotation]));
        return map.Annotation(annotation, view);
    }

    // ---- lookups -------------------------------------------------------------------------------------------------

    private static string AnnotationUrl(string documentId, string annotationId) =>
        $"/api/v1/documents/{Uri.EscapeDataString(documentId)}/annotations/{Uri.EscapeDataString(annotationId)}";

    private static Annotation Find(DocumentState state, string annotationId) =>
        state.FindAnnotation(annotationId) is { Deleted: false } annotation
            ? annotation
            : throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.AnnotationNotFound,
                $"Annotation '{annotationId}' does not exist or was deleted; GET the document to see its current annotations.");

    private static Reply FindReply(DocumentState state, string annotationId, string replyId) =>
        Find(state, annotationId).FindReply(replyId) is { Deleted: false } reply
            ? reply
            : throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.ReplyNotFound,
                $"Reply '{replyId}' does not exist or was deleted; GET the annotation to see its current replies.");

    private static Source FindSource(DocumentState state, string annotationId, string sourceId) =>
        Find(state, annotationId).FindSource(sourceId) is { } source
            ? source
            : throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.SourceNotFound,
                $"Source '{sourceId}' is not attached to this annotation; GET the annotation to see its current sources.");
}
