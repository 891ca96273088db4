using AnnotateHub.Domain;

namespace AnnotateHub.Grains;

/// <summary>A workspace: its name, settings and documents. Keyed by workspace id.</summary>
[Alias("annotatehub.workspace")]
public interface IWorkspaceGrain : IGrainWithStringKey
{
    /// <summary>Creates the workspace (once) and lists it in the directory.</summary>
    Task<WorkspaceState> CreateAsync(string name, string createdBy);

    /// <summary>The workspace, or a state whose <see cref="WorkspaceState.Exists"/> is false.</summary>
    Task<WorkspaceState> GetAsync();

    /// <summary>Creates a document in this workspace with the workspace's quorum, and lists it.</summary>
    Task<DocumentChange> CreateDocumentAsync(Actor actor, string documentId, string title, string text, string? sourceUrl);

    Task<WorkspaceState> UpdateSettingsAsync(Actor actor, WorkspaceSettings settings);

    /// <summary>
    /// Recreates the workspace from a backup: writes <paramref name="state"/> (its id must be this grain's key) as the
    /// workspace record, exactly as given, and lists it in the directory. Only for a workspace that does not exist:
    /// otherwise it fails with a Conflict (code <c>workspace-exists</c>) and writes nothing. The documents it lists are
    /// restored first, each with <see cref="IDocumentGrain.RestoreAsync"/>.
    /// </summary>
    /// <exception cref="DomainException">The workspace exists (Conflict), or the record is for another id, has no valid name or quorum (Invalid).</exception>
    Task<WorkspaceState> RestoreAsync(WorkspaceState state);
}

/// <summary>All workspaces on this server. There is one, keyed <see cref="DefaultKey"/>.</summary>
[Alias("annotatehub.workspace-directory")]
public interface IWorkspaceDirectoryGrain : IGrainWithStringKey
{
    public const string DefaultKey = "all";

    Task<IReadOnlyList<WorkspaceEntry>> ListAsync();

    Task RegisterAsync(WorkspaceEntry entry);
}
