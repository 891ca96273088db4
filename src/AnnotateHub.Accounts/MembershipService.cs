using AnnotateHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace AnnotateHub.Accounts;

/// <summary>Who belongs to which workspace, with which role. Callers check that the acting user may manage members.</summary>
public sealed class MembershipService(IDbContextFactory<AccountsDbContext> contextFactory, TimeProvider timeProvider)
{
    /// <summary>
    /// Adds the user to the workspace with <paramref name="role"/>, or changes their role if already a member
    /// (keeping <see cref="WorkspaceMembership.AddedAt"/>). Throws <see cref="ArgumentException"/> for a blank or
    /// too long workspace id, an undefined role or an unknown user.
    /// </summary>
    public async Task SetRoleAsync(string workspaceId, string userId, WorkspaceRole role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (workspaceId.Length > WorkspaceMembership.WorkspaceIdMaxLength)
        {
            throw new ArgumentException($"A workspace id is at most {WorkspaceMembership.WorkspaceIdMaxLength} characters.", nameof(workspaceId));
        }

        if (!Enum.IsDefined(role))
        {
            throw new ArgumentException($"Unknown workspace role {(int)role}.", nameof(role));
        }

        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        var membership = await context.Memberships.FindAsync(workspaceId, userId).ConfigureAwait(false);
        if (membership is null)
        {
            if (!await context.Users.AnyAsync(u => u.Id == userId).ConfigureAwait(false))
            {
                throw new ArgumentException($"There is no user with id '{userId}'.", nameof(userId));
            }

            context.Memberships.Add(new WorkspaceMembership
            {
                WorkspaceId = workspaceId,
                UserId = userId,
                Role = role,
                AddedAt = timeProvider.GetUtcNow(),
            });
        }
        else if (membership.Role == role)
        {
            return;
        }
        else
        {
            membership.Role = role;
        }

        await context.SaveChangesAsync().ConfigureAwait(false);
    }

    /// <summary>The user's role in the workspace, or null when not a member.</summary>
    public async Task<WorkspaceRole?> GetRoleAsync(string workspaceId, string userId)
    {
        ArgumentNullException.ThrowIfNull(workspaceId);
        ArgumentNullException.ThrowIfNull(userId);
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        var membership = await context.Memberships.AsNoTracking()
            .SingleOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId)
            .ConfigureAwait(false);
        return membership?.Role;
    }

    /// <summary>The user's memberships, by workspace id.</summary>
    public async Task<IReadOnlyList<WorkspaceMembership>> ListForUserAsync(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        return await context.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.WorkspaceId)
            .ToListAsync()
            .ConfigureAwait(false);
    }

    /// <summary>The workspace's members, by user id.</summary>
    public async Task<IReadOnlyList<WorkspaceMembership>> ListForWorkspaceAsync(string workspaceId)
    {
        ArgumentNullException.ThrowIfNull(workspaceId);
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        return await context.Memberships.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId)
            .OrderBy(m => m.UserId)
            .ToListAsync()
            .ConfigureAwait(false);
    }

    /// <summary>Removes the user from the workspace; false when they were not a member.</summary>
    public async Task<bool> RemoveAsync(string workspaceId, string userId)
    {
        ArgumentNullException.ThrowIfNull(workspaceId);
        ArgumentNullException.ThrowIfNull(userId);
        await using var context = await contextFactory.CreateDbContextAsync().ConfigureAwait(false);
        var removed = await context.Memberships
            .Where(m => m.WorkspaceId == workspaceId && m.UserId == userId)
            .ExecuteDeleteAsync()
            .ConfigureAwait(false);
        return removed > 0;
    }
}
