using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// What the workspace pages share: the signed-in user, their access to the workspace in the route (null: not a
/// member, or no such workspace; both show "not found"), and the marker that says the circuit is live.
/// </summary>
public abstract class WorkspacePageBase : ComponentBase
{
    [Parameter]
    public string WorkspaceId { get; set; } = string.Empty;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    protected AccessService Access { get; set; } = default!;

    [Inject]
    protected WorkspaceService Workspaces { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    protected ClaimsPrincipal User { get; private set; } = new();

    /// <summary>The workspace and the user's role in it as last read; null when they may not see it.</summary>
    protected WorkspaceAccess? Current { get; private set; }

    protected WorkspaceRole? Role => Current?.Actor.Role;

    protected bool Loaded { get; private set; }

    protected string? LoadError { get; private set; }

    /// <summary>True once the page runs on the live circuit (rendered as <c>data-interactive</c>; tests wait for it).</summary>
    protected bool Interactive { get; private set; }

    protected string UserId => AccessService.UserId(User);

    protected override async Task OnParametersSetAsync()
    {
        User = (await AuthenticationState).User;
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>Re-reads the workspace and the user's role (after a change, or when the server refused one).</summary>
    protected async Task ReloadAsync()
    {
        try
        {
            LoadError = null;
            Current = await Access.WorkspaceAsync(User, WorkspaceId);
            if (Current is not null)
            {
                await OnWorkspaceLoadedAsync();
            }
        }
        catch (Exception exception) when (exception is DomainException or TimeoutException)
        {
            LoadError = "The workspace could not be loaded: " + exception.Message + " Try again in a moment.";
        }

        Loaded = true;
    }

    /// <summary>Loads what the page shows besides the workspace itself; runs only for members.</summary>
    protected virtual Task OnWorkspaceLoadedAsync() => Task.CompletedTask;

    /// <summary>A stable id for an element that belongs to one row (user ids may hold characters ids must not).</summary>
    protected static string RowKey(string value) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(value)).ToLowerInvariant();
}
