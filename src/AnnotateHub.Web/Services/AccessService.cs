using System.Security.Claims;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Web.Services;

/// <summary>A signed-in user's view of one workspace.</summary>
public sealed record WorkspaceAccess(WorkspaceState Workspace, Actor Actor);

/// <summary>A signed-in user's view of one document.</summary>
public sealed record DocumentAccess(DocumentState Document, Actor Actor);

/// <summary>
/// Who may see what. A user sees only the workspaces they belong to; anything else answers "not found" (null), so
/// the existence of another desk's documents never leaks. The role goes into every command's <see cref="Actor"/>
/// and the domain enforces what the role may do.
/// </summary>
public sealed class AccessService(MembershipService memberships, WorkspaceService workspaces, DocumentService documents)
{
    public static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request is not signed in.");

    public static string DisplayName(ClaimsPrincipal user) =>
        user.FindFirstValue(Security.DisplayNameClaimsFactory.DisplayNameClaim) ?? user.FindFirstValue(ClaimTypes.Name) ?? UserId(user);

    public async Task<IReadOnlyList<(WorkspaceState Workspace, WorkspaceRole Role)>> WorkspacesAsync(ClaimsPrincipal user)
    {
        var list = new List<(WorkspaceState, WorkspaceRole)>();
        foreach (var membership in await memberships.ListForUserAsync(UserId(user)))
        {
            var workspace = await workspaces.GetAsync(membership.WorkspaceId);
            if (workspace.Exists)
            {
                list.Add((workspace, membership.Role));
            }
        }

        return list.OrderBy(w => w.Item1.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<WorkspaceAccess?> WorkspaceAsync(ClaimsPrincipal user, string workspaceId)
    {
        var role = await memberships.GetRoleAsync(workspaceId, UserId(user));
        if (role is null)
        {
            return null;
        }

        var workspace = await workspaces.GetAsync(workspaceId);
        return workspace.Exists ? new WorkspaceAccess(workspace, new Actor(UserId(user), role.Value, DisplayName(user))) : null;
    }

    public async Task<DocumentAccess?> DocumentAsync(ClaimsPrincipal user, string documentId)
    {
        if (string.IsNullOrWhiteSpace(documentId) || documentId.Length > 200)
        {
            return null;
        }

        var document = await documents.GetAsync(documentId);
        if (!document.Exists)
        {
            return null;
        }

        var role = await memberships.GetRoleAsync(document.WorkspaceId, UserId(user));
        return role is null ? null : new DocumentAccess(document, new Actor(UserId(user), role.Value, DisplayName(user)));
    }
}
