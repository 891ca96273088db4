namespace AnnotateHub.Grains;

[GrainType("public-claim")]
public sealed class PublicClaimGrain(
    [PersistentState("public-claim")] IPersistentState<PublicClaimsState> state) : Grain, IPublicClaimGrain
{
    public async Task<bool> RegisterAsync(PublicClaimRef claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Slug != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"The claim's slug '{claim.Slug}' is not this grain's key.", nameof(claim));
        }

        if (state.State.Claims.Length > 0)
        {
            if (state.State.Claims[0] != claim)
            {
                return false;
            }
        }
        else
        {
            state.State = new PublicClaimsState { Claims = [claim] };
            await state.WriteStateAsync();
        }

        // Again when already recorded: a failed listing is repaired by the next publication of the claim.
        await GrainFactory.GetGrain<IWorkspacePublicationsGrain>(claim.WorkspaceId).AddAsync(claim);
        return true;
    }

    public Task<PublicClaimRef?> GetAsync() => Task.FromResult(state.State.Claims.Length > 0 ? state.State.Claims[0] : null);
}

[GrainType("workspace-publications")]
public sealed class WorkspacePublicationsGrain(
    [PersistentState("workspace-publications")] IPersistentState<PublicClaimsState> state) : Grain, IWorkspacePublicationsGrain
{
    public async Task AddAsync(PublicClaimRef claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (state.State.Claims.Contains(claim))
        {
            return;
        }

        state.State = state.State with { Claims = state.State.Claims.Add(claim) };
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<PublicClaimRef>> ListAsync() => Task.FromResult<IReadOnlyList<PublicClaimRef>>(state.State.Claims);
}

[GrainType("public-workspace")]
public sealed class PublicWorkspaceGrain(
    [PersistentState("public-workspace")] IPersistentState<PublicWorkspaceState> state) : Grain, IPublicWorkspaceGrain
{
    public async Task<bool> ClaimAsync(string workspaceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        if (state.State.WorkspaceId is { } holder)
        {
            return holder == workspaceId;
        }

        state.State = new PublicWorkspaceState { WorkspaceId = workspaceId };
        await state.WriteStateAsync();
        return true;
    }

    public async Task ReleaseAsync(string workspaceId)
    {
        if (state.State.WorkspaceId == workspaceId)
        {
            state.State = new PublicWorkspaceState();
            await state.WriteStateAsync();
        }
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.WorkspaceId);
}
