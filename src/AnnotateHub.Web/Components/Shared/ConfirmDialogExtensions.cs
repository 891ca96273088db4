using MudBlazor;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>Every confirmation in the app (delete, remove a member, revoke a token, reopen a claim) goes through here.</summary>
public static class ConfirmDialogExtensions
{
    /// <summary>
    /// Shows <see cref="ConfirmDialog"/> and returns true only when the user chose <paramref name="confirmText"/>;
    /// Cancel, Escape and a click beside the dialog all return false. Focus returns to where it was when the dialog closes.
    /// </summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText, bool danger = true)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, title },
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
            { d => d.Danger, danger },
        };
        var options = new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.ExtraSmall, FullWidth = true };
        var reference = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, options);
        var result = await reference.Result;
        return result is { Canceled: false };
    }
}
