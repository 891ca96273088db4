using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Runtime;

namespace AnnotateHub.Web.Services;

/// <summary>A document in a workspace listing, with its claim counts by status.</summary>
public sealed record DocumentSummary(
    string Id,
    string Title,
    DateTimeOffset CreatedAt,
    int Annotations,
    int Open,
    int Consensus,
    int Disputed,
    int Resolved);

/// <summary>The UI's and API's way to workspaces (components never touch the grain factory).</summary>
public sealed class WorkspaceService(IGrainFactory grains)
{
    public Task<IReadOnlyList<WorkspaceEntry>> ListAsync() =>
        grains.GetGrain<IWorkspaceDirectoryGrain>(IWorkspaceDirectoryGrain.DefaultKey).ListAsync();

    public Task<WorkspaceState> GetAsync(string workspaceId) => grains.GetGrain<IWorkspaceGrain>(workspaceId).GetAsync();

    public Task<WorkspaceState> CreateAsync(string workspaceId, string name, string createdBy) =>
        grains.GetGrain<IWorkspaceGrain>(workspaceId).CreateAsync(name, createdBy);

    public Task<DocumentChange> CreateDocumentAsync(string workspaceId, Actor actor, string documentId, string title, string text, string? sourceUrl = null) =>
        grains.GetGrain<IWorkspaceGrain>(workspaceId).CreateDocumentAsync(actor, documentId, title, text, sourceUrl);

    public async Task<IReadOnlyList<DocumentSummary>> ListDocumentsAsync(string workspaceId)
    {
        var workspace = await GetAsync(workspaceId);
        var summaries = await Task.WhenAll(workspace.Documents.Select(async d =>
        {
            var state = await grains.GetGrain<IDocumentGrain>(d.Id).GetSnapshotAsync();
            var live = state.Annotations.Where(a => !a.Deleted).ToArray();
            var claims = live.Where(a => a.IsClaim()).ToArray();
            return new DocumentSummary(
                d.Id,
                state.Exists ? state.Title : d.Title,
                d.CreatedAt,
                live.Length,
                claims.Count(c => c.Status == ClaimStatus.Open),
                claims.Count(c => c.Status == ClaimStatus.Consensus),
                claims.Count(c => c.Status == ClaimStatus.Disputed),
                claims.Count(c => c.Status == ClaimStatus.Resolved));
        }));
        return summaries;
    }
}
