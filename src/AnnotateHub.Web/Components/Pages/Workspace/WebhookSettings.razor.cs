using System.Globalization;
using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// The webhooks section of the settings page, for admins (<see cref="WebhookService"/> checks the role again on every
/// call). The delivery log refreshes itself every few seconds while the page is open.
/// </summary>
public sealed partial class WebhookSettings : IAsyncDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);

    private readonly HashSet<string> _events = [.. WebhookEventTypes.All];
    private List<Webhook> _hooks = [];
    private IReadOnlyList<WebhookAttempt> _log = [];
    private string _url = string.Empty;
    private string? _urlError;
    private string? _eventsError;
    private string? _error;
    private Webhook? _created;
    private bool _saving;
    private PeriodicTimer? _refresh;

    [Parameter, EditorRequired]
    public WorkspaceState Workspace { get; set; } = default!;

    [Parameter, EditorRequired]
    public ClaimsPrincipal User { get; set; } = default!;

    [Inject]
    private WebhookService Webhooks { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IConfiguration Configuration { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _refresh = new PeriodicTimer(RefreshEvery);
        _ = RefreshAsync(_refresh);
    }

    public ValueTask DisposeAsync()
    {
        _refresh?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Describe(string type) => type switch
    {
        WebhookEventTypes.ClaimDisputed => "A claim is disputed (claim.disputed)",
        WebhookEventTypes.ClaimResolved => "A moderator rules on a claim (claim.resolved)",
        WebhookEventTypes.ClaimPublished => "A claim is published (claim.published)",
        _ => type,
    };

    private static string Result(WebhookAttempt attempt)
    {
        var outcome = attempt.Status is { } status ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)}" : attempt.Error ?? "no answer";
        if (attempt.Delivered)
        {
            return $"{outcome}, delivered";
        }

        return attempt.NextAttemptAt is { } next
            ? $"{(attempt.Status is null ? outcome : $"{outcome}: {attempt.Error}")}; retrying at {next.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}"
            : $"{outcome}; gave up";
    }

    private async Task RefreshAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (ObjectDisposedException)
        {
            // The page closed.
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var workspace = await Webhooks.OpenAsync(User, Workspace.Id);
            if (workspace is null)
            {
                _error = "You are no longer a member of this workspace.";
                return;
            }

            _hooks = [.. await Webhooks.ListAsync(workspace)];
            _log = await Webhooks.DeliveriesAsync(workspace, null);
        }
        catch (DomainException exception)
        {
            _error = exception.Error.Message;
        }
    }

    private void Toggle(string type, bool on)
    {
        if (on)
        {
            _events.Add(type);
        }
        else
        {
            _events.Remove(type);
        }
    }

    private async Task AddAsync()
    {
        if (_saving)
        {
            return;
        }

        _error = _eventsError = null;
        _created = null;
        _urlError = WebhookService.UrlError(_url);
        if (_events.Count == 0)
        {
            _eventsError = "Choose at least one event.";
        }

        if (_urlError is not null || _eventsError is not null)
        {
            return;
        }

        _saving = true;
        try
        {
            var workspace = await Webhooks.OpenAsync(User, Workspace.Id);
            if (workspace is null)
            {
                _error = "You are no longer a member of this workspace.";
                return;
            }

            var appUrl = Configuration[PublicUrls.Setting] is { Length: > 0 } configured ? configured : Navigation.BaseUri;
            _created = await Webhooks.CreateAsync(workspace, _url, [.. WebhookEventTypes.All.Where(_events.Contains)], enabled: true, appUrl);
            _url = string.Empty;
            await LoadAsync();
        }
        catch (DomainException exception)
        {
            _ = exception.Error.Code switch
            {
                WebhookService.Codes.UrlInvalid or WebhookService.Codes.AddressNotAllowed or WebhookService.Codes.HostNotFound => _urlError = exception.Error.Message,
                WebhookService.Codes.EventsInvalid => _eventsError = exception.Error.Message,
                _ => _error = exception.Error.Message,
            };
        }
        finally
        {
            _saving = false;
        }
    }

    private Task SetEnabledAsync(Webhook hook, bool enabled) => ChangeAsync(async workspace => await Webhooks.SetEnabledAsync(workspace, hook.Id, enabled));

    private Task RemoveAsync(Webhook hook) => ChangeAsync(workspace => Webhooks.DeleteAsync(workspace, hook.Id));

    private async Task ChangeAsync(Func<WorkspaceAccess, Task> change)
    {
        _error = null;
        try
        {
            var workspace = await Webhooks.OpenAsync(User, Workspace.Id);
            if (workspace is not null)
            {
                await change(workspace);
            }

            await LoadAsync();
        }
        catch (DomainException exception)
        {
            _error = exception.Error.Message;
        }
    }
}
