using AnnotateHub.Accounts.Tests.Infrastructure;
using AnnotateHub.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

public abstract class MembershipTests(AccountsProvider provider)
{
    public sealed class OnSqlite() : MembershipTests(AccountsProvider.Sqlite);

    public sealed class OnPostgres() : MembershipTests(AccountsProvider.Postgres);

    [Fact]
    public async Task GivenUserNotInWorkspace_WhenRoleSet_ThenMemberWithThatRoleAndJoinTime()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");

        await SetRoleAsync(host, "ws-1", ada.Id, WorkspaceRole.Reviewer);

        Assert.Equal(WorkspaceRole.Reviewer, await host.InScopeAsync<MembershipService, WorkspaceRole?>(m => m.GetRoleAsync("ws-1", ada.Id)));
        var membership = Assert.Single(await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForUserAsync(ada.Id)));
        Assert.Equal(("ws-1", ada.Id, WorkspaceRole.Reviewer, host.Clock.GetUtcNow()), (membership.WorkspaceId, membership.UserId, membership.Role, membership.AddedAt));
    }

    [Fact]
    public async Task GivenMember_WhenRoleChanged_ThenNewRoleAndOriginalJoinTime()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var joined = host.Clock.GetUtcNow();
        await SetRoleAsync(host, "ws-1", ada.Id, WorkspaceRole.Viewer);
        host.Clock.Advance(TimeSpan.FromDays(3));

        await SetRoleAsync(host, "ws-1", ada.Id, WorkspaceRole.Moderator);

        Assert.Equal(WorkspaceRole.Moderator, await host.InScopeAsync<MembershipService, WorkspaceRole?>(m => m.GetRoleAsync("ws-1", ada.Id)));
        var membership = Assert.Single(await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForWorkspaceAsync("ws-1")));
        Assert.Equal(joined, membership.AddedAt);
    }

    [Fact]
    public async Task GivenSeveralMemberships_WhenListed_ThenEachListShowsItsOwn()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        var bob = await host.CreateUserAsync("bob@example.org");
        await SetRoleAsync(host, "ws-b", ada.Id, WorkspaceRole.Admin);
        await SetRoleAsync(host, "ws-a", ada.Id, WorkspaceRole.Viewer);
        await SetRoleAsync(host, "ws-b", bob.Id, WorkspaceRole.Reviewer);

        var adas = await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForUserAsync(ada.Id));
        var wsB = await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForWorkspaceAsync("ws-b"));
        var empty = await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForWorkspaceAsync("ws-none"));

        Assert.Equal([("ws-a", WorkspaceRole.Viewer), ("ws-b", WorkspaceRole.Admin)], adas.Select(m => (m.WorkspaceId, m.Role)));
        Assert.Equal(
            new[] { (ada.Id, WorkspaceRole.Admin), (bob.Id, WorkspaceRole.Reviewer) }.OrderBy(x => x.Item1, StringComparer.Ordinal),
            wsB.Select(m => (m.UserId, m.Role)));
        Assert.Empty(empty);
        Assert.Null(await host.InScopeAsync<MembershipService, WorkspaceRole?>(m => m.GetRoleAsync("ws-a", bob.Id)));
    }

    [Fact]
    public async Task GivenMember_WhenRemoved_ThenNoRoleAndSecondRemoveReportsNothingRemoved()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        await SetRoleAsync(host, "ws-1", ada.Id, WorkspaceRole.Reviewer);
        await SetRoleAsync(host, "ws-2", ada.Id, WorkspaceRole.Reviewer);

        Assert.True(await host.InScopeAsync<MembershipService, bool>(m => m.RemoveAsync("ws-1", ada.Id)));
        Assert.False(await host.InScopeAsync<MembershipService, bool>(m => m.RemoveAsync("ws-1", ada.Id)));

        Assert.Null(await host.InScopeAsync<MembershipService, WorkspaceRole?>(m => m.GetRoleAsync("ws-1", ada.Id)));
        Assert.Equal(WorkspaceRole.Reviewer, await host.InScopeAsync<MembershipService, WorkspaceRole?>(m => m.GetRoleAsync("ws-2", ada.Id)));
    }

    [Fact]
    public async Task GivenEveryRole_WhenStored_ThenTheColumnHoldsItsWireName()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        foreach (var role in Enum.GetValues<WorkspaceRole>())
        {
            await SetRoleAsync(host, "ws-" + role.WireName(), ada.Id, role);
        }

        await using var connection = await host.OpenRawConnectionAsync();
        var rows = (await connection.RowsAsync("""SELECT "WorkspaceId", "Role" FROM "Memberships" ORDER BY "WorkspaceId" """))
            .Select(row => ((string)row["WorkspaceId"]!, (string)row["Role"]!))
            .ToList();

        Assert.Equal(
            [("ws-admin", "admin"), ("ws-moderator", "moderator"), ("ws-reviewer", "reviewer"), ("ws-viewer", "viewer")],
            rows);
        foreach (var role in Enum.GetValues<WorkspaceRole>())
        {
            Assert.Equal(role, await host.InScopeAsync<MembershipService, WorkspaceRole?>(m => m.GetRoleAsync("ws-" + role.WireName(), ada.Id)));
        }
    }

    [Fact]
    public async Task GivenUnknownUser_WhenRoleSet_ThenRejectedAndNothingStored()
    {
        await using var host = await AccountsHost.StartAsync(provider);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SetRoleAsync(host, "ws-1", "no-such-user", WorkspaceRole.Viewer));

        Assert.Contains("no user with id 'no-such-user'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForWorkspaceAsync("ws-1")));
    }

    [Fact]
    public async Task GivenMemberWithTokens_WhenUserDeleted_ThenMembershipsAndTokensGoToo()
    {
        await using var host = await AccountsHost.StartAsync(provider);
        var ada = await host.CreateUserAsync("ada@example.org");
        await SetRoleAsync(host, "ws-1", ada.Id, WorkspaceRole.Admin);
        var issued = await host.InScopeAsync<ApiTokenService, IssuedToken>(t => t.IssueAsync(ada.Id, "laptop", null));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(ada.Id))!)).Succeeded);
        }

        Assert.Empty(await host.InScopeAsync<MembershipService, IReadOnlyList<WorkspaceMembership>>(m => m.ListForWorkspaceAsync("ws-1")));
        Assert.Empty(await host.InScopeAsync<ApiTokenService, IReadOnlyList<ApiToken>>(t => t.ListAsync(ada.Id)));
        Assert.Null(await host.InScopeAsync<ApiTokenService, ApiTokenValidation?>(t => t.ValidateAsync(issued.Secret)));
    }

    private static Task SetRoleAsync(AccountsHost host, string workspaceId, string userId, WorkspaceRole role) =>
        host.InScopeAsync<MembershipService, bool>(async m =>
        {
            await m.SetRoleAsync(workspaceId, userId, role);
            return true;
        });
}
