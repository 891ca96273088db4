using AnnotateHub.Domain;

namespace AnnotateHub.Web.Api;

/// <summary>One of your notifications.</summary>
public sealed record NotificationResponse(
    string Id,
    NotificationKind Kind,
    string WorkspaceId,
    string DocumentId,
    string DocumentTitle,
    string AnnotationId,
    string? ReplyId,
    PersonResponse Actor,
    DateTimeOffset At,
    string Excerpt,
    bool Read);

public sealed record NotificationListResponse(IReadOnlyList<NotificationResponse> Items, int Unread);

/// <summary>Either <c>ids</c> or <c>all: true</c>.</summary>
public sealed record MarkReadRequest(IReadOnlyList<string>? Ids, bool? All);

public sealed record MarkReadResponse(int Marked, int Unread);

/// <summary>Something that waits for you: <c>kind</c> is <c>vote-needed</c>, <c>ruling-needed</c> or <c>mention</c>.</summary>
public sealed record QueueItemResponse(
    WorkKind Kind,
    string WorkspaceId,
    string DocumentId,
    string DocumentTitle,
    string AnnotationId,
    AnnotationKind AnnotationKind,
    string Quote,
    int Votes,
    DateTimeOffset At,
    string? NotificationId);

public sealed record QueueCountsResponse(int VoteNeeded, int RulingNeeded, int Mention);

public sealed record QueueResponse(IReadOnlyList<QueueItemResponse> Items, QueueCountsResponse Counts);
