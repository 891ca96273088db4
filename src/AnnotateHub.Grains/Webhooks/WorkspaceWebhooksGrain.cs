using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Grains;

/// <summary>A delivery still owed: its exact body (the same bytes on every attempt) and when the next attempt is due.</summary>
public sealed record PendingWebhookDelivery(string DeliveryId, string WebhookId, string EventId, string EventType, string Body, int Attempts, DateTimeOffset DueAt);

/// <summary>A workspace's webhooks as stored: the targets, the deliveries owed, the attempt log and the recently finished deliveries.</summary>
public sealed record WorkspaceWebhooks
{
    /// <summary>How many finished delivery ids are remembered, so that a notice handed over again is not delivered again.</summary>
    public const int RememberedDeliveries = 2000;

    public ImmutableList<Webhook> Webhooks { get; init; } = [];

    public ImmutableList<PendingWebhookDelivery> Pending { get; init; } = [];

    /// <summary>Delivery attempts, oldest first.</summary>
    public ImmutableList<WebhookAttempt> Log { get; init; } = [];

    /// <summary>Ids of deliveries delivered or given up, oldest first.</summary>
    public ImmutableList<string> Finished { get; init; } = [];
}

/// <summary>
/// The webhooks of one workspace (see <see cref="IWorkspaceWebhooksGrain"/>). Owed deliveries are persisted before
/// <see cref="EnqueueAsync"/> answers. A timer picks the due ones; they are sent off the grain's turn through
/// <see cref="IWebhookTransport"/>, and the outcome comes back as a call of its own (<see cref="RecordAttemptsAsync"/>),
/// so a slow receiver holds no call. Between attempts the timer keeps the grain active; after a restart
/// <see cref="IWebhookOutboxGrain"/> wakes it.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class WorkspaceWebhooksGrain(
    [PersistentState("workspace-webhooks")] IPersistentState<WorkspaceWebhooks> stored,
    IWebhookTransport transport,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WorkspaceWebhooksGrain> logger) : Grain, IWorkspaceWebhooksGrain
{
    /// <summary>The grain type name (part of every grain id; never rename).</summary>
    public const string GrainTypeName = "workspacewebhooks";

    private const int BatchSize = 16;

    private readonly WebhookOptions _options = options.Value;
    private readonly Dictionary<string, DateTimeOffset> _inFlight = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;

    private WorkspaceWebhooks State => stored.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Webhook>> ListAsync() => Task.FromResult<IReadOnlyList<Webhook>>(State.Webhooks);

    public async Task<Webhook> AddAsync(Webhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (State.Webhooks.Any(w => w.Id == webhook.Id))
        {
            throw new ArgumentException($"A webhook with id {webhook.Id} exists.", nameof(webhook));
        }

        await WriteAsync(State with { Webhooks = State.Webhooks.Add(webhook) });
        return webhook;
    }

    public async Task<Webhook?> SetEnabledAsync(string webhookId, bool enabled)
    {
        var webhook = State.Webhooks.Find(w => w.Id == webhookId);
        if (webhook is null || webhook.Enabled == enabled)
        {
            return webhook;
        }

        var changed = webhook with { Enabled = enabled };
        // A disabled webhook is owed nothing: what it would have got meanwhile is not sent when it is enabled again.
        await WriteAsync(State with
        {
            Webhooks = State.Webhooks.Replace(webhook, changed),
            Pending = enabled ? State.Pending : State.Pending.RemoveAll(p => p.WebhookId == webhookId),
        });
        return changed;
    }

    public async Task<bool> RemoveAsync(string webhookId)
    {
        var webhook = State.Webhooks.Find(w => w.Id == webhookId);
        if (webhook is null)
        {
            return false;
        }

        await WriteAsync(State with
        {
            Webhooks = State.Webhooks.Remove(webhook),
            Pending = State.Pending.RemoveAll(p => p.WebhookId == webhookId),
            Log = State.Log.RemoveAll(a => a.WebhookId == webhookId),
        });
        return true;
    }

    public Task<IReadOnlyList<WebhookAttempt>> GetDeliveriesAsync(string? webhookId) =>
        Task.FromResult<IReadOnlyList<WebhookAttempt>>(State.Log.Where(a => webhookId is null || a.WebhookId == webhookId).Reverse().ToArray());

    public async Task EnqueueAsync(IReadOnlyList<WebhookNotice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        var now = time.GetUtcNow();
        var pending = State.Pending;
        foreach (var notice in notices)
        {
            foreach (var webhook in State.Webhooks)
            {
                var deliveryId = $"{webhook.Id}/{notice.Id}";
                if (!webhook.Enabled || !webhook.Events.Contains(notice.Type) || notice.OccurredAt < webhook.CreatedAt
                    || pending.Any(p => p.DeliveryId == deliveryId) || State.Finished.Contains(deliveryId))
                {
                    continue;
                }

                var body = Encoding.UTF8.GetString(WebhookNotices.Body(notice, webhook));
                pending = pending.Add(new PendingWebhookDelivery(deliveryId, webhook.Id, notice.Id, notice.Type, body, 0, now));
            }
        }

        if (pending != State.Pending)
        {
            await WriteAsync(State with { Pending = pending });
        }
    }

    public Task ResumeAsync()
    {
        Schedule();
        return State.Pending.IsEmpty ? Outbox.OwingAsync(this.GetPrimaryKeyString(), owing: false) : Task.CompletedTask;
    }

    public async Task RecordAttemptsAsync(IReadOnlyList<WebhookAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var next = State;
        foreach (var attempt in attempts)
        {
            _inFlight.Remove(attempt.DeliveryId);
            var delivery = next.Pending.Find(p => p.DeliveryId == attempt.DeliveryId);
            if (delivery is null)
            {
                // Its webhook was removed or disabled meanwhile.
                continue;
            }

            next = next with
            {
                Pending = attempt.NextAttemptAt is { } due
                    ? next.Pending.Replace(delivery, delivery with { Attempts = attempt.Attempt, DueAt = due })
                    : next.Pending.Remove(delivery),
                Finished = attempt.NextAttemptAt is null ? Trim(next.Finished.Add(attempt.DeliveryId), WorkspaceWebhooks.RememberedDeliveries) : next.Finished,
                Log = Trim(next.Log.Add(attempt), _options.LogSize),
            };
            if (attempt.NextAttemptAt is null && !attempt.Delivered)
            {
                LogGaveUp(attempt.DeliveryId, this.GetPrimaryKeyString(), attempt.Attempt);
            }
        }

        await WriteAsync(next);
    }

    private IWebhookOutboxGrain Outbox => GrainFactory.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.Key);

    private static ImmutableList<T> Trim<T>(ImmutableList<T> list, int max) => list.Count > max ? list.RemoveRange(0, list.Count - max) : list;

    private async Task WriteAsync(WorkspaceWebhooks next)
    {
        var wasOwing = !State.Pending.IsEmpty;
        stored.State = next;
        await stored.WriteStateAsync();
        if (wasOwing != !next.Pending.IsEmpty)
        {
            await Outbox.OwingAsync(this.GetPrimaryKeyString(), !next.Pending.IsEmpty);
        }

        Schedule();
    }

    /// <summary>
    /// Sets the timer for the earliest owed delivery (none: no timer). One being sent now is due again only once its attempt
    /// counts as lost, should its outcome never come back.
    /// </summary>
    private void Schedule()
    {
        if (State.Pending.IsEmpty)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        var due = State.Pending.Min(p => _inFlight.TryGetValue(p.DeliveryId, out var started) && started + InFlightLimit > p.DueAt ? started + InFlightLimit : p.DueAt);
        var delay = due - time.GetUtcNow();
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>How long an attempt's outcome may take to come back before the attempt counts as lost (the call failed).</summary>
    private TimeSpan InFlightLimit => _options.AttemptTimeout * 2 + TimeSpan.FromSeconds(5);

    private bool IsInFlight(string deliveryId, DateTimeOffset now) =>
        _inFlight.TryGetValue(deliveryId, out var started) && now - started < InFlightLimit;

    private Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = State.Pending.Where(p => p.DueAt <= now && !IsInFlight(p.DeliveryId, now)).Take(BatchSize).ToArray();
        var sends = new List<(PendingWebhookDelivery Delivery, Webhook Webhook)>(due.Length);
        foreach (var delivery in due)
        {
            if (State.Webhooks.Find(w => w.Id == delivery.WebhookId) is { } webhook)
            {
                _inFlight[delivery.DeliveryId] = now;
                sends.Add((delivery, webhook));
            }
        }

        if (sends.Count > 0)
        {
            var self = this.AsReference<IWorkspaceWebhooksGrain>();
            var workspaceId = this.GetPrimaryKeyString();
            // Off the grain's turn: the sends run on the thread pool and report back as a call of their own.
            _ = Task.Run(() => SendAsync(self, workspaceId, sends), CancellationToken.None);
        }

        Schedule();
        return Task.CompletedTask;
    }

    private async Task SendAsync(IWorkspaceWebhooksGrain self, string workspaceId, List<(PendingWebhookDelivery Delivery, Webhook Webhook)> sends)
    {
        try
        {
            var attempts = await Task.WhenAll(sends.Select(s => AttemptAsync(s.Delivery, s.Webhook)));
            await self.RecordAttemptsAsync(attempts);
        }
        catch (Exception exception)
        {
            // The deliveries stay owed: they are attempted again once their attempt counts as lost.
            LogRecordFailed(exception, workspaceId);
        }
    }

    private async Task<WebhookAttempt> AttemptAsync(PendingWebhookDelivery delivery, Webhook webhook)
    {
        var attempt = delivery.Attempts + 1;
        var at = time.GetUtcNow();
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WebhookSignature.Header] = WebhookSignature.Compute(webhook.Secret, at.ToUnixTimeSeconds(), body),
            ["X-AnnotateHub-Event"] = delivery.EventType,
            ["X-AnnotateHub-Delivery"] = delivery.DeliveryId,
            ["X-AnnotateHub-Attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
        };
        WebhookResponse response;
        try
        {
            response = await transport.PostAsync(new Uri(webhook.Url), body, headers, _options.AttemptTimeout, CancellationToken.None);
        }
        catch (Exception exception)
        {
            response = new WebhookResponse(null, exception.Message);
        }

        var retryIn = response.Delivered ? null : _options.RetryDelayAfter(attempt);
        return new WebhookAttempt(
            delivery.DeliveryId, webhook.Id, delivery.EventId, delivery.EventType, attempt, at, response.Status,
            response.Delivered ? null : response.Error ?? $"The receiver answered {response.Status}.", response.Delivered,
            retryIn is { } wait ? time.GetUtcNow() + wait : null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up webhook delivery {DeliveryId} of workspace {WorkspaceId} after {Attempts} attempts.")]
    private partial void LogGaveUp(string deliveryId, string workspaceId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record webhook attempts of workspace {WorkspaceId}; the deliveries are attempted again.")]
    private partial void LogRecordFailed(Exception exception, string workspaceId);
}

/// <summary>The set of workspaces whose webhooks owe deliveries (see <see cref="IWebhookOutboxGrain"/>).</summary>
public sealed record WebhookOutbox
{
    public ImmutableSortedSet<string> Owing { get; init; } = ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal);
}

[GrainType(GrainTypeName)]
public sealed class WebhookOutboxGrain([PersistentState("webhook-outbox")] IPersistentState<WebhookOutbox> stored) : Grain, IWebhookOutboxGrain
{
    /// <summary>The grain type name (part of every grain id; never rename).</summary>
    public const string GrainTypeName = "webhookoutbox";

    public async Task OwingAsync(string workspaceId, bool owing)
    {
        var next = owing ? stored.State.Owing.Add(workspaceId) : stored.State.Owing.Remove(workspaceId);
        if (next != stored.State.Owing)
        {
            stored.State = stored.State with { Owing = next };
            await stored.WriteStateAsync();
        }
    }

    public Task<int> WakeAllAsync()
    {
        foreach (var workspaceId in stored.State.Owing)
        {
            // One-way: a workspace's webhooks grain may call back here (owing no more) without a deadlock.
            _ = GrainFactory.GetGrain<IWorkspaceWebhooksGrain>(workspaceId).ResumeAsync();
        }

        return Task.FromResult(stored.State.Owing.Count);
    }
}
