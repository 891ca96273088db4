using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// A workspace's documents (filterable and sortable, with claim counts by status) and, for reviewers and above, the
/// paste-to-import form. The server re-reads the importer's role: a viewer is refused whatever the page shows.
/// </summary>
public sealed partial class WorkspacePage : IAsyncDisposable
{
    private const string ModulePath = "./Components/Pages/Workspace/WorkspacePage.razor.js";

    private IReadOnlyList<DocumentSummary>? _documents;
    private string _filter = string.Empty;
    private SortKey _sort = SortKey.Created;
    private bool _descending = true;

    private string _title = string.Empty;
    private string _format = "text";
    private string _sourceUrl = string.Empty;
    private ElementReference _textArea;
    private string? _titleError;
    private string? _sourceError;
    private string? _textError;
    private string? _formError;
    private bool _saving;
    private IJSObjectReference? _module;

    private enum SortKey
    {
        Title,
        Annotations,
        Created,
    }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private People People { get; set; } = default!;

    private bool CanImport => Role?.CanWrite() == true;

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // the circuit is gone, and the module with it
            }
        }
    }

    protected override async Task OnWorkspaceLoadedAsync() =>
        _documents = await Workspaces.ListDocumentsAsync(Current!.Workspace.Id, Current.Actor);

    private List<DocumentSummary> Visible()
    {
        var filter = _filter.Trim();
        var matching = (_documents ?? []).Where(d => filter.Length == 0 || d.Title.Contains(filter, StringComparison.CurrentCultureIgnoreCase));
        var sorted = _sort switch
        {
            SortKey.Title => matching.OrderBy(d => d.Title, StringComparer.CurrentCultureIgnoreCase),
            SortKey.Annotations => matching.OrderBy(d => d.Annotations),
            _ => matching.OrderBy(d => d.CreatedAt),
        };
        return (_descending ? sorted.Reverse() : sorted).ToList();
    }

    private string ShownText(int shown) =>
        shown == _documents!.Count ? $"{shown} document{(shown == 1 ? "" : "s")}" : $"{shown} of {_documents.Count} documents";

    private void SortBy(SortKey key)
    {
        _descending = _sort == key ? !_descending : key != SortKey.Title;
        _sort = key;
    }

    private string AriaSort(SortKey key) => _sort != key ? "none" : _descending ? "descending" : "ascending";

    private string SortMark(SortKey key) => _sort != key ? string.Empty : _descending ? " ↓" : " ↑";

    private async Task ImportAsync()
    {
        if (_saving)
        {
            return;
        }

        _formError = null;
        _titleError = WorkspaceRules.CheckTitle(_title);
        _sourceError = WorkspaceRules.CheckOptionalWebUrl(_sourceUrl);
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            _textError = WorkspaceRules.CheckTextSize(await _module.InvokeAsync<long>("byteLength", _textArea));
        }
        catch (JSDisconnectedException)
        {
            return;
        }

        if (_titleError is not null || _sourceError is not null || _textError is not null)
        {
            return;
        }

        _saving = true;
        StateHasChanged();
        try
        {
            var text = await ReadTextAsync(_module);
            var documentId = await Workspaces.ImportDocumentAsync(WorkspaceId, User, _title, text, _format, _sourceUrl);
            Navigation.NavigateTo($"documents/{Uri.EscapeDataString(documentId)}");
        }
        catch (DomainException exception)
        {
            await ShowAsync(exception.Error);
        }
        catch (ArgumentOutOfRangeException)
        {
            // the browser sent more than it announced: the stream's own limit stopped it
            _textError = WorkspaceRules.CheckTextSize(WorkspaceRules.MaxTextBytes + 1L);
        }
        catch (TimeoutException)
        {
            _formError = "The import did not finish in time. Look for the document in the list before you try again.";
        }
        catch (JSDisconnectedException)
        {
            // the circuit is gone; nothing to show
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task<string> ReadTextAsync(IJSObjectReference module)
    {
        await using var reference = await module.InvokeAsync<IJSStreamReference>("read", _textArea);
        await using var stream = await reference.OpenReadStreamAsync(maxAllowedSize: WorkspaceRules.MaxTextBytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private async Task ShowAsync(DomainError error)
    {
        switch (error.Code)
        {
            case ErrorCodes.TitleRequired or ErrorCodes.TitleTooLong:
                _titleError = error.Message;
                break;
            case ErrorCodes.TextEmpty or ErrorCodes.TextTooLarge:
                _textError = error.Message;
                break;
            case ErrorCodes.UrlInvalid:
                _sourceError = error.Message;
                break;
            default:
                _formError = error.Message;
                if (error.Kind is DomainErrorKind.Forbidden or DomainErrorKind.NotFound)
                {
                    // the role changed since the page loaded: show what the user may do now
                    await ReloadAsync();
                }

                break;
        }
    }
}
