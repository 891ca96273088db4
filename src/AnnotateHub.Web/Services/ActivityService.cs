using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Web.Services;

/// <summary>A work item with the workspace it is in.</summary>
public sealed record WorkspaceWorkItem(string WorkspaceId, string WorkspaceName, WorkspaceRole Role, WorkItem Item);

/// <summary>A notification with the workspace it is in.</summary>
public sealed record WorkspaceNotification(string WorkspaceId, string WorkspaceName, InboxEntry Entry)
{
    public InboxNotification Notification => Entry.Notification;
}

/// <summary>A person's work across their workspaces, with a count per kind.</summary>
public sealed record MyWork(IReadOnlyList<WorkspaceWorkItem> Items)
{
    public int Count(WorkKind kind) => Items.Count(i => i.Item.Kind == kind);
}

/// <summary>
/// "My work" and the inbox, across the workspaces the signed-in person belongs to, from each workspace's read model
/// (<see cref="IWorkspaceActivityGrain"/>): no document is activated to answer.
/// </summary>
public sealed class ActivityService(IGrainFactory grains, AccessService access)
{
    /// <summary>Most notification ids one request may mark read.</summary>
    public const int MaxMarkIds = 1000;

    /// <summary>The person as the read model knows them in a workspace where they hold <paramref name="role"/>.</summary>
    public static ActivityViewer Viewer(ClaimsPrincipal user, WorkspaceRole role) =>
        new(AccessService.UserId(user), role, Mentions.HandleOf(AccessService.DisplayName(user)));

    public async Task<MyWork> WorkAsync(ClaimsPrincipal user)
    {
        var items = new List<WorkspaceWorkItem>();
        foreach (var (workspace, role) in await access.WorkspacesAsync(user))
        {
            var work = await ClusterReads.ReadAsync(() => Grain(workspace.Id).GetWorkAsync(Viewer(user, role)));
            items.AddRange(work.Select(i => new WorkspaceWorkItem(workspace.Id, workspace.Name, role, i)));
        }

        return new MyWork(items.OrderByDescending(i => i.Item.At).ToList());
    }

    public async Task<IReadOnlyList<WorkspaceNotification>> InboxAsync(ClaimsPrincipal user)
    {
        var entries = new List<WorkspaceNotification>();
        foreach (var (workspace, role) in await access.WorkspacesAsync(user))
        {
            var inbox = await ClusterReads.ReadAsync(() => Grain(workspace.Id).GetInboxAsync(Viewer(user, role)));
            entries.AddRange(inbox.Select(e => new WorkspaceNotification(workspace.Id, workspace.Name, e)));
        }

        return entries.OrderByDescending(e => e.Notification.At).ThenByDescending(e => e.Notification.Sequence).ToList();
    }

    /// <summary>Marks the person's notifications with <paramref name="ids"/> read (null: all); answers how many were unread.</summary>
    public async Task<int> MarkReadAsync(ClaimsPrincipal user, IReadOnlyList<string>? ids)
    {
        var marked = 0;
        foreach (var (workspace, role) in await access.WorkspacesAsync(user))
        {
            marked += await Grain(workspace.Id).MarkReadAsync(Viewer(user, role), ids);
        }

        return marked;
    }

    /// <summary>
    /// The flags and moderators' actions of a workspace, newest first, for its moderators and admins; null for anyone else
    /// (not a member, or not a moderator).
    /// </summary>
    public async Task<IReadOnlyList<ModerationEntry>?> ModerationAsync(ClaimsPrincipal user, string workspaceId)
    {
        var workspace = await access.WorkspaceAsync(user, workspaceId);
        if (workspace is null || !workspace.Actor.Role.CanModerate())
        {
            return null;
        }

        return await ClusterReads.ReadAsync(() => Grain(workspaceId).GetModerationAsync());
    }

    /// <summary>
    /// The annotations elsewhere in a workspace that cite passages of one of its documents ("cited by"), from the
    /// workspace's read model (no document is woken); null when the person is not a member.
    /// </summary>
    public async Task<IReadOnlyList<CitingAnnotation>?> CitedByAsync(ClaimsPrincipal user, string workspaceId, string documentId)
    {
        var workspace = await access.WorkspaceAsync(user, workspaceId);
        return workspace is null ? null : await ClusterReads.ReadAsync(() => Grain(workspaceId).CitedByAsync(documentId));
    }

    /// <summary>The ids of the workspaces whose read models the person's work and inbox come from.</summary>
    public async Task<IReadOnlyList<string>> WorkspaceIdsAsync(ClaimsPrincipal user) =>
        (await access.WorkspacesAsync(user)).Select(w => w.Workspace.Id).ToList();

    private IWorkspaceActivityGrain Grain(string workspaceId) => grains.GetGrain<IWorkspaceActivityGrain>(workspaceId);
}
