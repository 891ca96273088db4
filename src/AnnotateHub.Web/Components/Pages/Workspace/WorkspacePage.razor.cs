using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// A workspace's documents (filterable and sortable, with claim counts by status) and, for reviewers and above, the
/// import (<see cref="ImportPanel"/>). The server re-reads the importer's role: a viewer is refused whatever the page shows.
/// </summary>
public sealed partial class WorkspacePage
{
    private IReadOnlyList<DocumentSummary>? _documents;
    private string _filter = string.Empty;
    private SortKey _sort = SortKey.Created;
    private bool _descending = true;

    private string? _formError;

    private enum SortKey
    {
        Title,
        Annotations,
        Created,
    }

    [Inject]
    private People People { get; set; } = default!;

    private bool CanImport => Role?.CanWrite() == true;

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

    /// <summary>The server refused an import (the role changed since the page loaded): say why, and show what the user may do now.</summary>
    private async Task RefusedAsync(string message)
    {
        _formError = message;
        await ReloadAsync();
    }
}
