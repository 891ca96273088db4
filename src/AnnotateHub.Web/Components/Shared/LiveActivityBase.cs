using System.Security.Claims;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>
/// What the bell, "My work" and the inbox share: the signed-in person, their work and notifications from the read
/// models of their workspaces, and a live link (<see cref="ActivityFeed"/>) that reloads them whenever one changes.
/// </summary>
public abstract class LiveActivityBase : ComponentBase, IAsyncDisposable
{
    private IAsyncDisposable? _subscription;
    private int _disposed;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    protected ActivityService Activity { get; set; } = default!;

    [Inject]
    private ActivityFeed Feed { get; set; } = default!;

    protected ClaimsPrincipal User { get; private set; } = new();

    protected bool SignedIn => User.Identity?.IsAuthenticated == true;

    protected MyWork Work { get; private set; } = new([]);

    protected IReadOnlyList<WorkspaceNotification> Inbox { get; private set; } = [];

    protected int Unread => Inbox.Count(n => !n.Entry.Read);

    /// <summary>True once the component runs on the live circuit (rendered as <c>data-interactive</c>; tests wait for it).</summary>
    protected bool Interactive { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        User = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        if (SignedIn)
        {
            await ReloadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !SignedIn)
        {
            return;
        }

        Interactive = true;
        try
        {
            var subscription = await Feed.SubscribeAsync(await Activity.WorkspaceIdsAsync(User), _ => InvokeAsync(OnActivityAsync));
            if (Volatile.Read(ref _disposed) == 1)
            {
                await subscription.DisposeAsync();
                return;
            }

            _subscription = subscription;
            await ReloadAsync();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }

        StateHasChanged();
    }

    /// <summary>Marks notifications read (null: all) and shows the result.</summary>
    protected async Task MarkReadAsync(IReadOnlyList<string>? ids)
    {
        await Activity.MarkReadAsync(User, ids);
        await ReloadAsync();
    }

    protected virtual async Task ReloadAsync()
    {
        Work = await Activity.WorkAsync(User);
        Inbox = await Activity.InboxAsync(User);
    }

    /// <summary>The document page of an item.</summary>
    protected static string DocumentLink(string documentId) => $"documents/{Uri.EscapeDataString(documentId)}";

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task OnActivityAsync()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        try
        {
            await ReloadAsync();
            StateHasChanged();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }
}
