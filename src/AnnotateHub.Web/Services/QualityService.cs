using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Web.Services;

/// <summary>The agreement statistics of a workspace (<see cref="Agreement"/>), for the Quality page and the API.</summary>
public sealed class QualityService(IGrainFactory grains, WorkspaceService workspaces)
{
    /// <summary>
    /// Who may see a workspace's agreement statistics: every member, unless the workspace votes blind, when only
    /// moderators and admins may (per-reviewer agreement would tell a reviewer how the others voted).
    /// </summary>
    public static bool CanSee(WorkspaceAccess workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return !workspace.Workspace.Settings.BlindVoting || workspace.Actor.Role.CanModerate();
    }

    /// <summary>The report over every document of the workspace, with each document's title.</summary>
    public async Task<(AgreementReport Report, IReadOnlyDictionary<string, string> Titles)> AgreementAsync(WorkspaceAccess workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!CanSee(workspace))
        {
            throw new DomainException(DomainError.Forbidden(
                ErrorCodes.RoleForbidden, "This workspace votes blind: only moderators and admins see its agreement statistics."));
        }

        var current = await workspaces.GetAsync(workspace.Workspace.Id);
        var states = await Task.WhenAll(current.Documents.Select(d => grains.GetGrain<IDocumentGrain>(d.Id).GetSnapshotAsync()));
        var titles = current.Documents.ToDictionary(d => d.Id, d => d.Title, StringComparer.Ordinal);
        foreach (var state in states.Where(s => s.Exists))
        {
            titles[state.Id] = state.Title;
        }

        return (Agreement.Report(states.Where(s => s.Exists)), titles);
    }
}
