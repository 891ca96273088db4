using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// A workspace's documents in a grid (quick filter by title, sortable columns, paging, claim counts by status) and, for reviewers and above, the
/// import (<see cref="ImportPanel"/>). The server re-reads the importer's role: a viewer is refused whatever the page shows.
/// </summary>
public sealed partial class WorkspacePage
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private readonly Dictionary<string, object> _tableAttributes = new()
    {
        ["id"] = "documents-table",
        ["aria-label"] = "Documents, with claim counts by status",
    };

    private IReadOnlyList<DocumentSummary>? _documents;
    private string _filter = string.Empty;

    private string? _formError;

    [Inject]
    private People People { get; set; } = default!;

    private bool CanImport => Role?.CanWrite() == true;

    protected override async Task OnWorkspaceLoadedAsync() =>
        _documents = await Workspaces.ListDocumentsAsync(Current!.Workspace.Id, Current.Actor);

    /// <summary>The grid's quick filter: the title contains what was typed (ignoring case).</summary>
    private bool Matches(DocumentSummary document)
    {
        var filter = (_filter ?? string.Empty).Trim();
        return filter.Length == 0 || document.Title.Contains(filter, StringComparison.CurrentCultureIgnoreCase);
    }

    private int Shown() => (_documents ?? []).Count(Matches);

    private string ShownText(int shown) =>
        shown == _documents!.Count ? $"{shown} document{(shown == 1 ? "" : "s")}" : $"{shown} of {_documents.Count} documents";

    /// <summary>The server refused an import (the role changed since the page loaded): say why, and show what the user may do now.</summary>
    private async Task RefusedAsync(string message)
    {
        _formError = message;
        await ReloadAsync();
    }
}
