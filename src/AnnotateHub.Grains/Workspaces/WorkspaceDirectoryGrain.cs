
namespace AnnotateHub.Grains;

[GrainType("workspacedirectory")]
public sealed class WorkspaceDirectoryGrain(
    [PersistentState("workspace-directory")] IPersistentState<WorkspaceDirectoryState> directory) : Grain, IWorkspaceDirectoryGrain
{
    public Task<IReadOnlyList<WorkspaceEntry>> ListAsync() => Task.FromResult<IReadOnlyList<WorkspaceEntry>>(directory.State.Workspaces);

    public async Task RegisterAsync(WorkspaceEntry entry)
    {
        if (directory.State.Workspaces.Any(w => w.Id == entry.Id))
        {
            return;
        }

        directory.State = directory.State with { Workspaces = directory.State.Workspaces.Add(entry) };
        await directory.WriteStateAsync();
    }
}
