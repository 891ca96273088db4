using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Moderation of an annotation's thread: anyone flags the annotation, a reply or a source with a reason; moderators hide
/// and show items and lock and unlock the thread. Each is an event in the document's history (GET …/events).
/// </summary>
public static class ModerationEndpoints
{
    private const string Annotation = "/documents/{documentId}/annotations/{annotationId}";

    public static RouteGroupBuilder MapModerationEndpoints(this RouteGroupBuilder api)
    {
        var moderation = api.MapGroup(Annotation).WithTags("Moderation");

        AnnotationEndpoints.Write(moderation.MapPost("/flags", FlagAsync)
            .WithName("Flag")
            .WithSummary("Flags the annotation, a reply or a source for moderators: {\"item\": \"annotation\"|\"reply\"|\"source\", \"itemId\", \"reason\"}. Anyone in the workspace.")
            .Produces<AnnotationResponse>());

        AnnotationEndpoints.Write(moderation.MapPost("/moderation/hide", HideAsync)
            .WithName("Hide")
            .WithSummary("Hides the annotation, a reply or a source with a reason that others see in its place. Moderators.")
            .Produces<AnnotationResponse>());

        AnnotationEndpoints.Write(moderation.MapPost("/moderation/unhide", UnhideAsync)
            .WithName("Unhide")
            .WithSummary("Shows a hidden item again. Moderators.")
            .Produces<AnnotationResponse>());

        AnnotationEndpoints.Write(moderation.MapPost("/moderation/lock", LockAsync)
            .WithName("LockThread")
            .WithSummary("Locks the thread (no new replies) with a reason. Moderators.")
            .Produces<AnnotationResponse>());

        AnnotationEndpoints.Write(moderation.MapPost("/moderation/unlock", UnlockAsync)
            .WithName("UnlockThread")
            .WithSummary("Unlocks the thread. Moderators.")
            .Produces<AnnotationResponse>());
        return api;
    }

    private static Task<IResult> FlagAsync(
        string documentId, string annotationId, [FromBody] ModerationRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        AnnotationEndpoints.ChangeAnnotationAsync(documentId, annotationId, user, http, api, map,
            actor => new FlagContent(actor, annotationId, DocumentApi.NewId("flag", null), Item(request), request.ItemId, request.Reason ?? string.Empty));

    private static Task<IResult> HideAsync(
        string documentId, string annotationId, [FromBody] ModerationRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        AnnotationEndpoints.ChangeAnnotationAsync(documentId, annotationId, user, http, api, map,
            actor => new HideContent(actor, annotationId, Item(request), request.ItemId, request.Reason ?? string.Empty));

    private static Task<IResult> UnhideAsync(
        string documentId, string annotationId, [FromBody] ModerationRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        AnnotationEndpoints.ChangeAnnotationAsync(documentId, annotationId, user, http, api, map,
            actor => new UnhideContent(actor, annotationId, Item(request), request.ItemId));

    private static Task<IResult> LockAsync(
        string documentId, string annotationId, [FromBody] ModerationRequest request, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        AnnotationEndpoints.ChangeAnnotationAsync(documentId, annotationId, user, http, api, map,
            actor => new LockThread(actor, annotationId, request.Reason ?? string.Empty));

    private static Task<IResult> UnlockAsync(
        string documentId, string annotationId, ClaimsPrincipal user, HttpContext http, DocumentApi api, ApiMapper map) =>
        AnnotationEndpoints.ChangeAnnotationAsync(documentId, annotationId, user, http, api, map, actor => new UnlockThread(actor, annotationId));

    private static ModeratedItem Item(ModerationRequest request) => (request.Item?.Trim().ToLowerInvariant() ?? "annotation") switch
    {
        "annotation" => ModeratedItem.Annotation,
        "reply" => ModeratedItem.Reply,
        "source" => ModeratedItem.Source,
        _ => throw ApiProblems.Invalid(ErrorCodes.ValueUnknown, "'item' is one of: annotation, reply, source."),
    };
}

/// <summary>What a flag or a moderator's action is about, and why.</summary>
public sealed record ModerationRequest(string? Item, string? ItemId, string? Reason);
