using System.Collections.Immutable;
using Orleans.Concurrency;

namespace AnnotateHub.Grains;

/// <summary>
/// A workspace's webhooks, keyed by workspace id: the targets an admin registered, the deliveries still owed to them
/// (persisted, so a restart loses none) and the log of recent attempts. Fed by the workspace's read model
/// (<see cref="IWorkspaceActivityGrain"/>) with the committed changes a webhook can hear of; delivery runs outside the
/// grain's turns, so a slow receiver never holds a call.
/// </summary>
[Alias("annotatehub.workspace-webhooks")]
public interface IWorkspaceWebhooksGrain : IGrainWithStringKey
{
    /// <summary>The registered webhooks, oldest first.</summary>
    [ReadOnly]
    [Alias("list")]
    Task<IReadOnlyList<Webhook>> ListAsync();

    /// <summary>Registers <paramref name="webhook"/> (its id must be new). Durable when it returns.</summary>
    [Alias("add")]
    Task<Webhook> AddAsync(Webhook webhook);

    /// <summary>Turns <paramref name="webhookId"/> on or off; null when there is no such webhook.</summary>
    [Alias("set-enabled")]
    Task<Webhook?> SetEnabledAsync(string webhookId, bool enabled);

    /// <summary>Removes <paramref name="webhookId"/> and the deliveries still owed to it; false when there is no such webhook.</summary>
    [Alias("remove")]
    Task<bool> RemoveAsync(string webhookId);

    /// <summary>The latest delivery attempts, newest first (of one webhook, or of all when <paramref name="webhookId"/> is null).</summary>
    [ReadOnly]
    [Alias("deliveries")]
    Task<IReadOnlyList<WebhookAttempt>> GetDeliveriesAsync(string? webhookId);

    /// <summary>
    /// Owes each enabled webhook that wants it a delivery of each notice that happened after it was registered. A notice
    /// already owed or delivered is not owed again (the read model may hand one over twice). Durable when it returns.
    /// </summary>
    [Alias("enqueue")]
    Task EnqueueAsync(IReadOnlyList<WebhookNotice> notices);

    /// <summary>Starts delivering what is owed (after a restart, or when the grain was deactivated between retries).</summary>
    [OneWay]
    [Alias("resume")]
    Task ResumeAsync();

    /// <summary>The outcome of attempts made off the grain's turn (called by the grain itself).</summary>
    [Alias("record-attempts")]
    Task RecordAttemptsAsync(IReadOnlyList<WebhookAttempt> attempts);
}

/// <summary>
/// The workspaces whose webhooks still owe deliveries (one grain, key <see cref="Key"/>), so that each node can wake them
/// after a restart or an idle deactivation (Orleans timers do not outlive an activation).
/// </summary>
[Alias("annotatehub.webhook-outbox")]
public interface IWebhookOutboxGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("owing")]
    Task OwingAsync(string workspaceId, bool owing);

    /// <summary>Resumes every workspace's webhooks that owe deliveries; answers how many.</summary>
    [Alias("wake")]
    Task<int> WakeAllAsync();
}

/// <summary>The event types a webhook can hear of (its wire names).</summary>
public static class WebhookEventTypes
{
    public const string ClaimDisputed = "claim.disputed";
    public const string ClaimResolved = "claim.resolved";
    public const string ClaimPublished = "claim.published";

    public static ImmutableArray<string> All { get; } = [ClaimDisputed, ClaimResolved, ClaimPublished];
}

/// <summary>A registered webhook.</summary>
/// <param name="Id">Its id (<c>wh-…</c>).</param>
/// <param name="Url">The http or https address deliveries are POSTed to.</param>
/// <param name="Events">The event types it wants (<see cref="WebhookEventTypes"/>).</param>
/// <param name="Secret">The signing key (<c>whsec_…</c>); shown to the admin once, when registered.</param>
/// <param name="Enabled">Whether it receives deliveries.</param>
/// <param name="CreatedAt">When it was registered: it hears of what happens from then on.</param>
/// <param name="CreatedBy">The admin who registered it.</param>
/// <param name="AppUrl">The app's address, for the links in the payloads (e.g. https://annotatehub.example).</param>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.webhook")]
public sealed record Webhook(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<string> Events,
    [property: Id(3)] string Secret,
    [property: Id(4)] bool Enabled,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string CreatedBy,
    [property: Id(7)] string AppUrl);

/// <summary>
/// Something a webhook can hear of, as the read model saw it committed. <paramref name="Id"/> is stable (the document and
/// the event's position in its stream), so a receiver can drop a repeated delivery.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.webhook-notice")]
public sealed record WebhookNotice(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string WorkspaceId,
    [property: Id(4)] string DocumentId,
    [property: Id(5)] string DocumentTitle,
    [property: Id(6)] string AnnotationId,
    [property: Id(7)] string Quote,
    [property: Id(8)] string ActorId,
    [property: Id(9)] string? Verdict = null,
    [property: Id(10)] string? Rationale = null,
    [property: Id(11)] string? PublicSlug = null,
    [property: Id(12)] string? Headline = null);

/// <summary>One delivery attempt, as the log shows it.</summary>
/// <param name="DeliveryId">The delivery (one per webhook and event; its attempts share it).</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="Status">The HTTP status the receiver answered, or null when it did not answer.</param>
/// <param name="Error">Why the attempt failed, when it did without a status (refused address, timeout, connection).</param>
/// <param name="Delivered">True when the receiver answered 2xx.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null when delivered or given up.</param>
[GenerateSerializer]
[Immutable]
[Alias("annotatehub.webhook-attempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string WebhookId,
    [property: Id(2)] string EventId,
    [property: Id(3)] string EventType,
    [property: Id(4)] int Attempt,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] int? Status,
    [property: Id(7)] string? Error,
    [property: Id(8)] bool Delivered,
    [property: Id(9)] DateTimeOffset? NextAttemptAt = null);
