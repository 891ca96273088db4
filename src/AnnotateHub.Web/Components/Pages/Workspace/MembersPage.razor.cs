using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using AnnotateHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// The members of a workspace with their roles. Admins add members by email, change roles and remove members; the
/// service re-reads the caller's role for every change, and never lets the workspace lose its last admin. Removal
/// asks in a dialog first; outcomes show in a snackbar, refusals next to the control that caused them.
/// </summary>
public sealed partial class MembersPage
{
    private IReadOnlyList<WorkspaceMember>? _members;
    private readonly Dictionary<string, WorkspaceRole> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _roleErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _removeErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MudButton> _removeButtons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _tableAttributes = new() { ["aria-label"] = "Members and their roles" };
    private string? _pageError;
    private string _email = string.Empty;
    private WorkspaceRole _newRole = WorkspaceRole.Reviewer;
    private string? _emailError;
    private string? _addError;
    private bool _busy;

    private bool IsAdmin => Role?.CanAdminister() == true;

    protected override async Task OnWorkspaceLoadedAsync()
    {
        _members = await Workspaces.ListMembersAsync(WorkspaceId, User);
        _pending.Clear();
    }

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private static string RoleName(WorkspaceRole role) => role.WireName();

    private WorkspaceRole PendingRole(WorkspaceMember member) => _pending.GetValueOrDefault(member.UserId, member.Role);

    private void SetPending(WorkspaceMember member, WorkspaceRole role) => _pending[member.UserId] = role;

    private async Task ChangeRoleAsync(WorkspaceMember member)
    {
        var role = PendingRole(member);
        ClearMessages();
        if (role == member.Role)
        {
            Snackbar.Add($"{member.DisplayName} is already a {role.WireName()}; choose another role first.", Severity.Info);
            return;
        }

        await RunAsync(
            async () =>
            {
                var changed = await Workspaces.ChangeRoleAsync(WorkspaceId, User, member.UserId, role);
                Snackbar.Add($"{changed.DisplayName} is now a{(role == WorkspaceRole.Admin ? "n" : "")} {role.WireName()}.", Severity.Success);
            },
            error => _roleErrors[member.UserId] = error.Message);
    }

    private async Task RemoveAsync(WorkspaceMember member)
    {
        ClearMessages();
        var self = member.UserId == UserId;
        var confirmed = await Dialogs.ConfirmAsync(
            $"Remove {(self ? "yourself" : member.DisplayName)}?",
            self ? "You will no longer see this workspace or its documents." : $"{member.DisplayName} will no longer see this workspace or its documents. Their annotations stay.",
            "Remove");
        if (!confirmed)
        {
            await FocusRemoveButtonAsync(member);
            return;
        }

        var removed = await RunAsync(
            async () =>
            {
                await Workspaces.RemoveMemberAsync(WorkspaceId, User, member.UserId);
                Snackbar.Add($"{member.DisplayName} was removed from the workspace.", Severity.Success);
            },
            error => _removeErrors[member.UserId] = error.Message);
        if (removed && self)
        {
            // they no longer belong here
            Navigation.NavigateTo(string.Empty);
        }
    }

    private async Task AddAsync()
    {
        ClearMessages();
        _emailError = WorkspaceRules.CheckEmail(_email);
        if (_emailError is not null)
        {
            return;
        }

        await RunAsync(
            async () =>
            {
                var added = await Workspaces.AddMemberAsync(WorkspaceId, User, _email, _newRole);
                var role = added.Member.Role.WireName();
                var outcome = !added.WasMember ? $"{added.Member.DisplayName} was added as a{(added.Member.Role == WorkspaceRole.Admin ? "n" : "")} {role}."
                    : added.PreviousRole == added.Member.Role ? $"{added.Member.DisplayName} is already a member with the role {role}."
                    : $"{added.Member.DisplayName} was already a member; their role is now {role}.";
                Snackbar.Add(outcome, Severity.Success);
                _email = string.Empty;
            },
            error =>
            {
                if (error.Code is WorkspaceService.Codes.EmailInvalid or WorkspaceService.Codes.AccountNotFound)
                {
                    _emailError = error.Message;
                }
                else
                {
                    _addError = error.Message;
                }
            });
    }

    /// <summary>
    /// Runs a change, then re-reads the members and the caller's own role. A refusal because the caller is no longer
    /// an admin (or no longer a member) goes to the top of the page, since the controls it belonged to disappear.
    /// </summary>
    private async Task<bool> RunAsync(Func<Task> change, Action<DomainError> showNextToField)
    {
        if (_busy)
        {
            return false;
        }

        _busy = true;
        StateHasChanged();
        var succeeded = false;
        try
        {
            await change();
            succeeded = true;
        }
        catch (DomainException exception) when (exception.Error.Kind is DomainErrorKind.Forbidden
                                                    || exception.Error.Code == WorkspaceService.Codes.WorkspaceNotFound)
        {
            _pageError = exception.Error.Message;
        }
        catch (DomainException exception)
        {
            showNextToField(exception.Error);
        }
        catch (TimeoutException)
        {
            _pageError = "The server did not answer in time. Reload the page to see whether the change was made.";
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
        return succeeded;
    }

    private void ClearMessages()
    {
        _pageError = null;
        _addError = null;
        _emailError = null;
        _roleErrors.Clear();
        _removeErrors.Clear();
    }

    /// <summary>Keyboard users land back on the button that opened the dialog, not at the top of the page.</summary>
    private async Task FocusRemoveButtonAsync(WorkspaceMember member)
    {
        if (_removeButtons.TryGetValue(member.UserId, out var button))
        {
            try
            {
                await button.FocusAsync();
            }
            catch (JSException)
            {
                // the row went away in the meantime (the list was re-read); nothing to focus
            }
        }
    }
}
