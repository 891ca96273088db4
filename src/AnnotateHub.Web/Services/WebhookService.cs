using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Reports;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Web.Services;

/// <summary>
/// A workspace's webhooks for its admins (the settings page and the REST API): register, enable or disable, remove, and
/// read the delivery log (<see cref="IWorkspaceWebhooksGrain"/>). A target must be an http or https address whose host
/// resolves only to addresses the server may connect to (<see cref="WebhookAddresses"/>, the URL import's policy).
/// Errors are <see cref="DomainException"/>s with a message that says what to do (codes in <see cref="Codes"/>).
/// </summary>
public sealed class WebhookService(IGrainFactory grains, AccessService access, WebhookAddresses addresses, TimeProvider time)
{
    /// <summary>The most webhooks a workspace may have.</summary>
    public const int MaxWebhooks = 20;

    public const int UrlMaxLength = 2000;

    public static class Codes
    {
        public const string UrlInvalid = "webhook-url-invalid";
        public const string AddressNotAllowed = WebhookAddresses.AddressNotAllowed;
        public const string HostNotFound = WebhookAddresses.HostNotFound;
        public const string EventsInvalid = "webhook-events-invalid";
        public const string TooMany = "webhooks-too-many";
        public const string NotFound = "webhook-not-found";
    }

    /// <summary>The caller's workspace, if they may manage its webhooks; null when they are not a member (a 404, as for any workspace they cannot see).</summary>
    public async Task<WorkspaceAccess?> OpenAsync(ClaimsPrincipal caller, string workspaceId)
    {
        var workspace = await access.WorkspaceAsync(caller, workspaceId);
        if (workspace is not null && !workspace.Actor.Role.CanAdminister())
        {
            throw new DomainException(DomainError.Forbidden(ErrorCodes.RoleForbidden, "Only a workspace admin can manage its webhooks."));
        }

        return workspace;
    }

    public Task<IReadOnlyList<Webhook>> ListAsync(WorkspaceAccess workspace) => Grain(workspace).ListAsync();

    /// <summary>
    /// Registers a webhook for <paramref name="url"/> and <paramref name="events"/> (null: every event type) with a new
    /// secret; <paramref name="appUrl"/> is the app's address for the links in the payloads. Answers it with its secret,
    /// which is not shown again.
    /// </summary>
    public async Task<Webhook> CreateAsync(WorkspaceAccess workspace, string? url, IReadOnlyList<string>? events, bool enabled, string appUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var target = CheckUrl(url);
        var wanted = CheckEvents(events);
        await addresses.CheckAsync(target.IdnHost, cancellationToken);
        var grain = Grain(workspace);
        if ((await grain.ListAsync()).Count >= MaxWebhooks)
        {
            throw Invalid(Codes.TooMany, $"A workspace can have at most {MaxWebhooks} webhooks. Remove one you no longer use first.");
        }

        var webhook = new Webhook(
            $"wh-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}", target.AbsoluteUri, wanted,
            $"whsec_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_')}",
            enabled, time.GetUtcNow(), workspace.Actor.UserId, appUrl.TrimEnd('/'));
        return await grain.AddAsync(webhook);
    }

    public async Task<Webhook> SetEnabledAsync(WorkspaceAccess workspace, string webhookId, bool enabled) =>
        await Grain(workspace).SetEnabledAsync(webhookId, enabled) ?? throw Missing(webhookId);

    public async Task DeleteAsync(WorkspaceAccess workspace, string webhookId)
    {
        if (!await Grain(workspace).RemoveAsync(webhookId))
        {
            throw Missing(webhookId);
        }
    }

    /// <summary>The latest attempts, newest first, of <paramref name="webhookId"/> (null: of every webhook of the workspace).</summary>
    public async Task<IReadOnlyList<WebhookAttempt>> DeliveriesAsync(WorkspaceAccess workspace, string? webhookId)
    {
        if (webhookId is not null && !(await Grain(workspace).ListAsync()).Any(w => w.Id == webhookId))
        {
            throw Missing(webhookId);
        }

        return await Grain(workspace).GetDeliveriesAsync(webhookId);
    }

    /// <summary>Null when <paramref name="url"/> is an acceptable target (before its host is resolved), else why not.</summary>
    public static string? UrlError(string? url)
    {
        try
        {
            CheckUrl(url);
            return null;
        }
        catch (DomainException exception)
        {
            return exception.Error.Message;
        }
    }

    private IWorkspaceWebhooksGrain Grain(WorkspaceAccess workspace) => grains.GetGrain<IWorkspaceWebhooksGrain>(workspace.Workspace.Id);

    private static Uri CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw Invalid(Codes.UrlInvalid, "Give the address to send events to, e.g. https://chat.example.org/hooks/annotatehub.");
        }

        if (url.Length > UrlMaxLength)
        {
            throw Invalid(Codes.UrlInvalid, $"The address is longer than {UrlMaxLength} characters. Use a shorter one.");
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.IsFile || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid(Codes.UrlInvalid, $"\"{Shorten(url)}\" is not an http or https address. Give a full address such as https://chat.example.org/hooks/annotatehub.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Invalid(Codes.UrlInvalid, "Addresses with a user name or password are not accepted: remove the \"user:password@\" part; each delivery is signed instead (see the secret).");
        }

        return uri;
    }

    private static ImmutableArray<string> CheckEvents(IReadOnlyList<string>? events)
    {
        if (events is null)
        {
            return WebhookEventTypes.All;
        }

        var unknown = events.Where(e => !WebhookEventTypes.All.Contains(e)).ToArray();
        if (events.Count == 0 || unknown.Length > 0)
        {
            var what = unknown.Length > 0 ? $"Unknown event type \"{Shorten(unknown[0] ?? "")}\". " : "Choose at least one event. ";
            throw Invalid(Codes.EventsInvalid, what + $"Event types: {string.Join(", ", WebhookEventTypes.All)}.");
        }

        return [.. WebhookEventTypes.All.Where(events.Contains)];
    }

    private static string Shorten(string value) => value.Length > 80 ? value[..80] + "…" : value;

    private static DomainException Invalid(string code, string message) => new(DomainError.Invalid(code, message));

    private static DomainException Missing(string webhookId) =>
        new(DomainError.NotFound(Codes.NotFound, $"There is no webhook '{Shorten(webhookId)}' in this workspace. List them with GET /api/v1/workspaces/{{workspaceId}}/webhooks."));
}

/// <summary>
/// Which hosts a webhook may target and be delivered to: every address a host resolves to must be public unless
/// <c>Webhooks:AllowPrivateAddresses</c> (or, when that is unset, <c>Import:AllowPrivateAddresses</c>) allows private,
/// loopback and other non-public ones (<see cref="AddressPolicy"/>). Checked when a webhook is registered, and again on
/// each connection (the address checked is the one connected to, so a DNS answer that changes cannot slip past).
/// </summary>
public sealed class WebhookAddresses(IOptions<WebhookOptions> webhooks, IOptions<UrlImportOptions> import)
{
    public const string AddressNotAllowed = "webhook-address-not-allowed";
    public const string HostNotFound = "webhook-host-not-found";

    public bool AllowPrivate => webhooks.Value.AllowPrivateAddresses ?? import.Value.AllowPrivateAddresses;

    /// <summary>The addresses of <paramref name="host"/>, all of them allowed; a DomainException (Invalid) otherwise.</summary>
    public async Task<IPAddress[]> CheckAsync(string host, CancellationToken cancellationToken)
    {
        host = host.Trim('[', ']');
        IPAddress[] resolved;
        if (IPAddress.TryParse(host, out var literal))
        {
            resolved = [literal];
        }
        else
        {
            try
            {
                resolved = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                resolved = [];
            }

            if (resolved.Length == 0)
            {
                throw new DomainException(DomainError.Invalid(HostNotFound, $"The host \"{host}\" was not found. Check the address."));
            }
        }

        if (!AllowPrivate)
        {
            foreach (var address in resolved)
            {
                if (AddressPolicy.NonPublicReason(address) is { } reason)
                {
                    var what = IPAddress.TryParse(host, out _) ? $"{address} is" : $"\"{host}\" resolves to {address},";
                    throw new DomainException(DomainError.Invalid(
                        AddressNotAllowed,
                        $"{what} a {reason} address, which this server does not send to (it could reach internal services). Use a public address. " +
                        "An administrator can allow such addresses with the setting Webhooks:AllowPrivateAddresses."));
                }
            }
        }

        return resolved;
    }
}
