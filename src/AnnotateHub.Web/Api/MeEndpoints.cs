using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>The caller's notifications and work queue, across their workspaces (from each workspace's read model).</summary>
public static class MeEndpoints
{
    public const string KindInvalid = "kind-invalid";
    public const string LimitInvalid = "limit-invalid";
    public const string IdsInvalid = "ids-invalid";

    /// <summary>The default and largest number of items one answer holds.</summary>
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    /// <summary>The kinds the queue answers with, by wire name.</summary>
    public static readonly IReadOnlyDictionary<string, WorkKind> QueueKinds = new Dictionary<string, WorkKind>(StringComparer.Ordinal)
    {
        ["vote-needed"] = WorkKind.VoteNeeded,
        ["ruling-needed"] = WorkKind.RulingNeeded,
        ["mention"] = WorkKind.Mention,
    };

    public static RouteGroupBuilder MapMeEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me");

        me.MapGet("/notifications", ListNotificationsAsync)
            .WithName("ListNotifications")
            .WithSummary("Your notifications, newest first: mentions of you, replies to your annotations, rulings on and disputes of claims you voted on. 'unread=true' lists only unread ones; 'limit' (1-1000, default 100).")
            .Produces<NotificationListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        me.MapPost("/notifications/read", MarkReadAsync)
            .WithName("MarkNotificationsRead")
            .WithSummary("Marks notifications read: {\"ids\": [...]} (ids that are not yours are ignored) or {\"all\": true}.")
            .Produces<MarkReadResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        me.MapGet("/queue", QueueAsync)
            .WithName("GetQueue")
            .WithSummary("What waits for you, newest activity first: claims short of their quorum you have not voted on (vote-needed), disputed claims to rule on if you moderate (ruling-needed), unread mentions (mention). Filter with 'kind' and 'workspaceId'; 'limit' (1-1000, default 100); 'counts' covers every item.")
            .Produces<QueueResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> ListNotificationsAsync(ClaimsPrincipal user, ActivityService activity, People people, bool? unread, string? limit)
    {
        var max = ParseLimit(limit);
        var inbox = await activity.InboxAsync(user);
        var shown = inbox.Where(n => unread != true || !n.Entry.Read).Take(max).Select(n => new NotificationResponse(
            n.Notification.Id,
            n.Notification.Kind,
            n.WorkspaceId,
            n.Notification.DocumentId,
            n.Entry.DocumentTitle,
            n.Notification.AnnotationId,
            n.Notification.ReplyId,
            new PersonResponse(n.Notification.ActorId, people.Name(n.Notification.ActorId)),
            n.Notification.At,
            n.Notification.Excerpt,
            n.Entry.Read)).ToArray();
        return TypedResults.Ok(new NotificationListResponse(shown, inbox.Count(n => !n.Entry.Read)));
    }

    private static async Task<IResult> MarkReadAsync([FromBody] MarkReadRequest request, ClaimsPrincipal user, ActivityService activity)
    {
        var all = request.All == true;
        if (all == (request.Ids is not null))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, IdsInvalid, "Send either {\"ids\": [\"…\"]} with the notifications to mark read, or {\"all\": true}.");
        }

        if (request.Ids is { } ids && (ids.Count is 0 or > ActivityService.MaxMarkIds || ids.Any(string.IsNullOrWhiteSpace)))
        {
            throw new ApiException(
                StatusCodes.Status400BadRequest,
                IdsInvalid,
                $"'ids' needs 1 to {ActivityService.MaxMarkIds} notification ids, none of them empty; the ids are those of GET /api/v1/me/notifications.");
        }

        var marked = await activity.MarkReadAsync(user, all ? null : request.Ids);
        var unread = (await activity.InboxAsync(user)).Count(n => !n.Entry.Read);
        return TypedResults.Ok(new MarkReadResponse(marked, unread));
    }

    private static async Task<IResult> QueueAsync(ClaimsPrincipal user, ActivityService activity, string? kind, string? workspaceId, string? limit)
    {
        WorkKind? only = null;
        if (kind is not null)
        {
            only = QueueKinds.TryGetValue(kind.Trim(), out var k) ? k : throw new ApiException(
                StatusCodes.Status400BadRequest, KindInvalid, $"'kind' is one of: {string.Join(", ", QueueKinds.Keys)}.");
        }

        var max = ParseLimit(limit);
        var work = await activity.WorkAsync(user);
        var items = work.Items
            .Where(i => QueueKinds.Values.Contains(i.Item.Kind) && (workspaceId is null || i.WorkspaceId == workspaceId))
            .ToArray();
        var shown = items.Where(i => only is null || i.Item.Kind == only).Take(max).Select(i => new QueueItemResponse(
            i.Item.Kind,
            i.WorkspaceId,
            i.Item.DocumentId,
            i.Item.DocumentTitle,
            i.Item.AnnotationId,
            i.Item.AnnotationKind,
            i.Item.Quote,
            i.Item.Votes,
            i.Item.At,
            i.Item.NotificationId)).ToArray();
        return TypedResults.Ok(new QueueResponse(
            shown,
            new QueueCountsResponse(
                items.Count(i => i.Item.Kind == WorkKind.VoteNeeded),
                items.Count(i => i.Item.Kind == WorkKind.RulingNeeded),
                items.Count(i => i.Item.Kind == WorkKind.Mention))));
    }

    private static int ParseLimit(string? limit)
    {
        if (limit is null)
        {
            return DefaultLimit;
        }

        return int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit
            ? n
            : throw new ApiException(StatusCodes.Status400BadRequest, LimitInvalid, $"'limit' is a whole number from 1 to {MaxLimit}.");
    }
}
