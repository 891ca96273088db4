using AnnotateHub.Domain;

namespace AnnotateHub.Grains;

[GrainType("workspace")]
public sealed class WorkspaceGrain(
    [PersistentState("workspace")] IPersistentState<WorkspaceState> workspace,
    TimeProvider time) : Grain, IWorkspaceGrain
{
    public async Task<WorkspaceState> CreateAsync(string name, string createdBy)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > 200)
        {
            throw new DomainException(new DomainError(DomainErrorKind.Invalid, "workspace-name-invalid", "A workspace name needs 1 to 200 characters."));
        }

        if (workspace.State.Exists)
        {
            throw new DomainException(new DomainError(DomainErrorKind.Conflict, "workspace-exists", $"Workspace '{this.GetPrimaryKeyString()}' already exists."));
        }

        workspace.State = new WorkspaceState
        {
            Id = this.GetPrimaryKeyString(),
            Name = name,
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
        };
        await workspace.WriteStateAsync();
        await GrainFactory.GetGrain<IWorkspaceDirectoryGrain>(IWorkspaceDirectoryGrain.DefaultKey)
            .RegisterAsync(new WorkspaceEntry(workspace.State.Id, workspace.State.Name, workspace.State.CreatedAt));
        return workspace.State;
    }

    public Task<WorkspaceState> GetAsync() => Task.FromResult(workspace.State);

    public async Task<DocumentChange> CreateDocumentAsync(Actor actor, string documentId, string title, string text, string? sourceUrl)
    {
        EnsureExists();
        var document = GrainFactory.GetGrain<IDocumentGrain>(documentId);
        var change = await document.CreateAsync(new CreateDocument(actor, documentId, this.GetPrimaryKeyString(), title, text, sourceUrl, workspace.State.Settings.Quorum));
        var created = change.Events.OfType<DocumentCreated>().Single();
        workspace.State = workspace.State with
        {
            Documents = workspace.State.Documents.Add(new WorkspaceDocument(documentId, created.Title, actor.UserId, created.At)),
        };
        await workspace.WriteStateAsync();
        return change;
    }

    public async Task<WorkspaceState> UpdateSettingsAsync(Actor actor, WorkspaceSettings settings)
    {
        EnsureExists();
        if (!actor.Role.CanAdminister())
        {
            throw new DomainException(new DomainError(DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden, "Only a workspace admin can change its settings."));
        }

        if (settings.Quorum < 1 || settings.Quorum > DomainLimits.Default.MaxQuorum)
        {
            throw new DomainException(new DomainError(DomainErrorKind.Invalid, ErrorCodes.QuorumInvalid, $"The quorum must be between 1 and {DomainLimits.Default.MaxQuorum}."));
        }

        workspace.State = workspace.State with { Settings = settings };
        await workspace.WriteStateAsync();
        return workspace.State;
    }

    public async Task<WorkspaceState> RestoreAsync(WorkspaceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var id = this.GetPrimaryKeyString();
        if (state.Id != id)
        {
            throw new DomainException(new DomainError(DomainErrorKind.Invalid, "backup-invalid", $"The workspace record is for '{state.Id}', not '{id}'."));
        }

        if (state.Name.Trim().Length is 0 or > 200)
        {
            throw new DomainException(new DomainError(DomainErrorKind.Invalid, "backup-invalid", "The backup's workspace name is empty or longer than 200 characters; the backup is damaged."));
        }

        if (state.Settings is null || state.Settings.Quorum < 1 || state.Settings.Quorum > DomainLimits.Default.MaxQuorum)
        {
            throw new DomainException(new DomainError(DomainErrorKind.Invalid, "backup-invalid", $"The backup's quorum must be between 1 and {DomainLimits.Default.MaxQuorum}; the backup is damaged."));
        }

        if (workspace.State.Exists)
        {
            throw new DomainException(new DomainError(
                DomainErrorKind.Conflict, "workspace-exists", $"Workspace '{id}' (\"{workspace.State.Name}\") already exists on this server; a restore never overwrites a workspace."));
        }

        workspace.State = state;
        await workspace.WriteStateAsync();
        await GrainFactory.GetGrain<IWorkspaceDirectoryGrain>(IWorkspaceDirectoryGrain.DefaultKey)
            .RegisterAsync(new WorkspaceEntry(state.Id, state.Name, state.CreatedAt));
        return workspace.State;
    }

    private void EnsureExists()
    {
        if (!workspace.State.Exists)
        {
            throw new DomainException(new DomainError(DomainErrorKind.NotFound, "workspace-not-found", "There is no such workspace."));
        }
    }
}
