using System.Globalization;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// The workspace settings (quorum, blind voting, required rationale, publisher for ClaimReview reports). Admins edit them; others see
/// them read-only. The service re-reads the caller's role on save and the workspace refuses anyone but an admin.
/// </summary>
public sealed partial class SettingsPage
{
    private string _quorum = string.Empty;
    private bool _blindVoting;
    private bool _requireRationale = true;
    private string _publisherName = string.Empty;
    private string _publisherUrl = string.Empty;
    private string? _quorumError;
    private string? _publisherNameError;
    private string? _publisherUrlError;
    private string? _formError;
    private bool _saving;

    private bool IsAdmin => Role?.CanAdminister() == true;

    private static string QuorumHint =>
        $"How many reviewers must vote on a claim before it counts as consensus (all agree) or disputed (they differ); 1 to {WorkspaceRules.MaxQuorum}. " +
        "Applies to documents imported from now on; documents already in the workspace keep their quorum.";

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnWorkspaceLoadedAsync()
    {
        Show(Current!.Workspace.Settings);
        return Task.CompletedTask;
    }

    private void Show(WorkspaceSettings settings)
    {
        _quorum = settings.Quorum.ToString(CultureInfo.InvariantCulture);
        _blindVoting = settings.BlindVoting;
        _requireRationale = settings.RequireRationale;
        _publisherName = settings.PublisherName ?? string.Empty;
        _publisherUrl = settings.PublisherUrl ?? string.Empty;
    }

    private async Task SaveAsync()
    {
        if (_saving)
        {
            return;
        }

        _formError = null;
        int? quorum = int.TryParse(_quorum.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var q) ? q : null;
        _quorumError = WorkspaceRules.CheckQuorum(quorum);
        _publisherNameError = WorkspaceRules.CheckPublisherName(_publisherName);
        _publisherUrlError = WorkspaceRules.CheckOptionalWebUrl(_publisherUrl);
        if (_quorumError is not null || _publisherNameError is not null || _publisherUrlError is not null)
        {
            return;
        }

        _saving = true;
        StateHasChanged();
        try
        {
            var settings = Current!.Workspace.Settings with
            {
                Quorum = quorum!.Value,
                BlindVoting = _blindVoting,
                RequireRationale = _requireRationale,
                PublisherName = _publisherName,
                PublisherUrl = _publisherUrl,
            };
            await Workspaces.UpdateSettingsAsync(WorkspaceId, User, settings);
            await ReloadAsync();
            Snackbar.Add("Settings saved.", Severity.Success);
        }
        catch (DomainException exception)
        {
            switch (exception.Error.Code)
            {
                case ErrorCodes.QuorumInvalid:
                    _quorumError = exception.Error.Message;
                    break;
                case WorkspaceService.Codes.PublisherNameTooLong:
                    _publisherNameError = exception.Error.Message;
                    break;
                case WorkspaceService.Codes.PublisherUrlInvalid:
                    _publisherUrlError = exception.Error.Message;
                    break;
                default:
                    _formError = exception.Error.Message;

                    // e.g. no longer an admin: show what the user may do now
                    await ReloadAsync();
                    break;
            }
        }
        catch (TimeoutException)
        {
            _formError = "The server did not answer in time. Reload the page to see whether the settings were saved.";
        }
        finally
        {
            _saving = false;
        }
    }
}
