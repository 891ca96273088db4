using System.Security.Claims;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace AnnotateHub.Web.Api;

/// <summary>
/// A workspace's webhooks, for its admins: register a target for claim events, turn it on or off, remove it, and read
/// its delivery log. Deliveries are signed (header X-AnnotateHub-Signature, see README) and retried with backoff.
/// </summary>
public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/workspaces/{workspaceId}/webhooks").WithTags("Webhooks");

        hooks.MapGet("", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("The workspace's webhooks (without their secrets). Workspace admins only.")
            .Produces<WebhookListResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        hooks.MapPost("", CreateAsync)
            .WithName("CreateWebhook")
            .WithSummary($"Registers a webhook: {{\"url\", \"events\": [{string.Join(", ", WebhookEventTypes.All.Select(e => $"\"{e}\""))}] (default: all), \"enabled\" (default true)}}. The answer holds the signing secret, shown only this once. The address must be http or https and resolve to public addresses (unless the server allows private ones): 422 otherwise. Workspace admins only.")
            .Produces<CreatedWebhookResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        hooks.MapPatch("/{webhookId}", UpdateAsync)
            .WithName("UpdateWebhook")
            .WithSummary("Turns a webhook on or off: {\"enabled\": true|false}. A disabled webhook is owed nothing. Workspace admins only.")
            .Produces<WebhookResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        hooks.MapDelete("/{webhookId}", DeleteAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Removes a webhook and the deliveries it is still owed. Workspace admins only.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        hooks.MapGet("/{webhookId}/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The webhook's latest delivery attempts, newest first: event, time, attempt number, HTTP status or error, and when the next attempt is due. Workspace admins only.")
            .Produces<WebhookDeliveriesResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<WorkspaceAccess> OpenAsync(string workspaceId, ClaimsPrincipal user, WebhookService webhooks) =>
        await webhooks.OpenAsync(user, workspaceId) ?? throw ApiProblems.WorkspaceMissing(workspaceId);

    private static async Task<IResult> ListAsync(string workspaceId, ClaimsPrincipal user, WebhookService webhooks)
    {
        var workspace = await OpenAsync(workspaceId, user, webhooks);
        return TypedResults.Ok(new WebhookListResponse([.. (await webhooks.ListAsync(workspace)).Select(Response)]));
    }

    private static async Task<IResult> CreateAsync(
        string workspaceId, [FromBody] WebhookRequest request, ClaimsPrincipal user, WebhookService webhooks, PublicUrls urls, HttpContext http)
    {
        var workspace = await OpenAsync(workspaceId, user, webhooks);
        var created = await webhooks.CreateAsync(workspace, request.Url, request.Events, request.Enabled ?? true, urls.Origin(http.Request), http.RequestAborted);
        var response = Response(created);
        return TypedResults.Created(
            $"{ApiRegistration.Prefix}/workspaces/{Uri.EscapeDataString(workspace.Workspace.Id)}/webhooks/{created.Id}",
            new CreatedWebhookResponse(response.Id, response.Url, response.Events, response.Enabled, response.CreatedAt, created.Secret));
    }

    private static async Task<IResult> UpdateAsync(string workspaceId, string webhookId, [FromBody] WebhookUpdateRequest request, ClaimsPrincipal user, WebhookService webhooks)
    {
        var workspace = await OpenAsync(workspaceId, user, webhooks);
        var enabled = request.Enabled ?? throw ApiProblems.Required("enabled", "true to send deliveries, false to stop");
        return TypedResults.Ok(Response(await webhooks.SetEnabledAsync(workspace, webhookId, enabled)));
    }

    private static async Task<IResult> DeleteAsync(string workspaceId, string webhookId, ClaimsPrincipal user, WebhookService webhooks)
    {
        var workspace = await OpenAsync(workspaceId, user, webhooks);
        await webhooks.DeleteAsync(workspace, webhookId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DeliveriesAsync(string workspaceId, string webhookId, ClaimsPrincipal user, WebhookService webhooks)
    {
        var workspace = await OpenAsync(workspaceId, user, webhooks);
        var attempts = await webhooks.DeliveriesAsync(workspace, webhookId);
        return TypedResults.Ok(new WebhookDeliveriesResponse([.. attempts.Select(a => new WebhookAttemptResponse(
            a.DeliveryId, a.EventId, a.EventType, a.Attempt, a.At, a.Status, a.Error, a.Delivered, a.NextAttemptAt))]));
    }

    private static WebhookResponse Response(Webhook webhook) =>
        new(webhook.Id, webhook.Url, [.. webhook.Events], webhook.Enabled, webhook.CreatedAt);
}

/// <summary>A webhook to register: its address, the event types it wants (null: all), whether it is on (null: on).</summary>
public sealed record WebhookRequest(string? Url, string[]? Events, bool? Enabled);

public sealed record WebhookUpdateRequest(bool? Enabled);

public sealed record WebhookResponse(string Id, string Url, string[] Events, bool Enabled, DateTimeOffset CreatedAt);

/// <summary>A webhook just registered, with its signing secret (shown only this once).</summary>
public sealed record CreatedWebhookResponse(string Id, string Url, string[] Events, bool Enabled, DateTimeOffset CreatedAt, string Secret);

public sealed record WebhookListResponse(WebhookResponse[] Items);

/// <summary>One delivery attempt: <c>status</c> is the receiver's HTTP status (null when it did not answer; <c>error</c> says why).</summary>
public sealed record WebhookAttemptResponse(
    string DeliveryId, string EventId, string EventType, int Attempt, DateTimeOffset At, int? Status, string? Error, bool Delivered, DateTimeOffset? NextAttemptAt);

public sealed record WebhookDeliveriesResponse(WebhookAttemptResponse[] Items);
