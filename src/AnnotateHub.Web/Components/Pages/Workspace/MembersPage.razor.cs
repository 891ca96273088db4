using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// The members of a workspace with their roles. Admins add members by email, change roles and remove members; the
/// service re-reads the caller's role for every change, and never lets the workspace lose its last admin.
/// </summary>
public sealed partial class MembersPage
{
    private IReadOnlyList<WorkspaceMember>? _members;
    private readonly Dictionary<string, WorkspaceRole> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _roleErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _removeErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ElementReference> _removeButtons = new(StringComparer.Ordinal);
    private ElementReference _confirmButton;
    private string? _confirmRemove;
    private string? _focusAfterRender;
    private string? _status;
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

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        var focus = _focusAfterRender;
        _focusAfterRender = null;
        if (focus is null)
        {
            return;
        }

        // keep keyboard users where they were: on the confirmation, or back on the button that opened it
        var target = focus == "confirm" ? _confirmButton : _removeButtons.GetValueOrDefault(focus);
        if (!string.IsNullOrEmpty(target.Id))
        {
            try
            {
                await target.FocusAsync();
            }
            catch (JSException)
            {
                // the element went away in the meantime (the list was re-read); nothing to focus
            }
        }
    }

    private WorkspaceRole PendingRole(WorkspaceMember member) => _pending.GetValueOrDefault(member.UserId, member.Role);

    private void SetPending(WorkspaceMember member, ChangeEventArgs e)
    {
        if (WorkspaceRoles.TryParse(e.Value as string, out var role))
        {
            _pending[member.UserId] = role;
        }
    }

    private async Task ChangeRoleAsync(WorkspaceMember member)
    {
        var role = PendingRole(member);
        ClearMessages();
        if (role == member.Role)
        {
            _status = $"{member.DisplayName} is already a {role.WireName()}; choose another role first.";
            return;
        }

        await RunAsync(
            async () =>
            {
                var changed = await Workspaces.ChangeRoleAsync(WorkspaceId, User, member.UserId, role);
                _status = $"{changed.DisplayName} is now a{(role == WorkspaceRole.Admin ? "n" : "")} {role.WireName()}.";
            },
            error => _roleErrors[member.UserId] = error.Message);
    }

    private void AskRemove(WorkspaceMember member)
    {
        ClearMessages();
        _confirmRemove = member.UserId;
        _focusAfterRender = "confirm";
    }

    private void CancelRemove(WorkspaceMember member)
    {
        _confirmRemove = null;
        _focusAfterRender = member.UserId;
    }

    private async Task RemoveAsync(WorkspaceMember member)
    {
        ClearMessages();
        var self = member.UserId == UserId;
        var removed = await RunAsync(
            async () =>
            {
                await Workspaces.RemoveMemberAsync(WorkspaceId, User, member.UserId);
                _status = $"{member.DisplayName} was removed from the workspace.";
            },
            error => _removeErrors[member.UserId] = error.Message);
        _confirmRemove = null;
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
                _status = !added.WasMember ? $"{added.Member.DisplayName} was added as a{(added.Member.Role == WorkspaceRole.Admin ? "n" : "")} {role}."
                    : added.PreviousRole == added.Member.Role ? $"{added.Member.DisplayName} is already a member with the role {role}."
                    : $"{added.Member.DisplayName} was already a member; their role is now {role}.";
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
        _status = null;
        _pageError = null;
        _addError = null;
        _emailError = null;
        _roleErrors.Clear();
        _removeErrors.Clear();
    }
}
