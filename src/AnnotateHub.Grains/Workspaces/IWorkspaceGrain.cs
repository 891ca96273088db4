using AnnotateHub.Domain;
using AnnotateHub.Runtime;

namespace AnnotateHub.Grains;

/// <summary>A workspace: its name, settings and documents. Keyed by workspace id.</summary>
public interface IWorkspaceGrain : IGrainWithStringKey
{
    /// <summary>Creates the workspace (once) and lists it in the directory.</summary>
    Task<WorkspaceState> CreateAsync(string name, string createdBy);

    /// <summary>The workspace, or a state whose <see cref="WorkspaceState.Exists"/> is false.</summary>
    Task<WorkspaceState> GetAsync();

    /// <summary>Creates a document in this workspace with the workspace's quorum, and lists it.</summary>
    Task<DocumentChange> CreateDocumentAsync(Actor actor, string documentId, string title, string text, string? sourceUrl);

    Task<WorkspaceState> UpdateSettingsAsync(Actor actor, WorkspaceSettings settings);
}

/// <summary>All workspaces on this server. There is one, keyed <see cref="DefaultKey"/>.</summary>
public interface IWorkspaceDirectoryGrain : IGrainWithStringKey
{
    public const string DefaultKey = "all";

    Task<IReadOnlyList<WorkspaceEntry>> ListAsync();

    Task RegisterAsync(WorkspaceEntry entry);
}
