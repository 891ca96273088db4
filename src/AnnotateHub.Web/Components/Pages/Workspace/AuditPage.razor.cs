using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// For workspace admins: who did what and when (filter by person, document and kind; export as CSV), and verification of
/// the hash-chained trail (<see cref="AuditService"/>).
/// </summary>
public sealed partial class AuditPage
{
    private const int MaxRows = 500;

    private static readonly string[] Kinds = [.. DocumentEventTypes.ByName.Keys.Order(StringComparer.Ordinal)];

    private IReadOnlyList<AuditEntry>? _entries;
    private IReadOnlyList<(string Id, string Name)> _people = [];
    private AuditVerification? _verification;
    private string _person = string.Empty;
    private string _document = string.Empty;
    private string _kind = string.Empty;
    private bool _busy;

    [Inject]
    private AuditService Audit { get; set; } = default!;

    private bool IsAdmin => Role?.CanAdminister() == true;

    private string CsvUrl =>
        $"api/v1/workspaces/{Uri.EscapeDataString(WorkspaceId)}/audit/events?format=csv"
        + $"&person={Uri.EscapeDataString(_person)}&document={Uri.EscapeDataString(_document)}&kind={Uri.EscapeDataString(_kind)}";

    protected override async Task OnWorkspaceLoadedAsync()
    {
        if (!IsAdmin)
        {
            return;
        }

        var all = await Audit.LogAsync(WorkspaceId, new AuditFilter());
        _people = [.. all.Select(e => (e.ActorId, e.Actor)).Distinct().OrderBy(p => p.Actor, StringComparer.CurrentCultureIgnoreCase)];
        _entries = Filter(all);
    }

    private Task SetPersonAsync(string? value)
    {
        _person = value ?? string.Empty;
        return ApplyAsync();
    }

    private Task SetDocumentAsync(string? value)
    {
        _document = value ?? string.Empty;
        return ApplyAsync();
    }

    private Task SetKindAsync(string? value)
    {
        _kind = value ?? string.Empty;
        return ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        if (IsAdmin)
        {
            _entries = await Audit.LogAsync(WorkspaceId, new AuditFilter(_person, _document, _kind));
        }
    }

    private IReadOnlyList<AuditEntry> Filter(IReadOnlyList<AuditEntry> all) =>
        [.. all.Where(e =>
            (_person.Length == 0 || e.ActorId == _person)
            && (_document.Length == 0 || e.DocumentId == _document)
            && (_kind.Length == 0 || e.Kind == _kind))];

    private async Task VerifyAsync(bool seal)
    {
        _busy = true;
        try
        {
            await ReloadAsync(); // the role as it is now: a former admin gets nothing
            if (IsAdmin)
            {
                _verification = await Audit.VerifyAsync(WorkspaceId, seal, UserId);
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
