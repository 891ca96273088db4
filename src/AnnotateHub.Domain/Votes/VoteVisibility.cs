using System.Collections.Immutable;

namespace AnnotateHub.Domain;

/// <summary>
/// Which votes on a claim a viewer may see, under the workspace's "blind voting" setting. Pure: the caller passes the
/// setting and the viewer's role; it filters what it shows or sends (cards, API responses, live changes).
/// </summary>
/// <remarks>
/// <para>Without blind voting everyone sees every vote. With it, a reviewer sees the others' votes only once they have
/// cast their own, so their verdict is independent. The same holds for moderators and admins (they vote too), until they
/// vote or choose "reveal to rule" (<see cref="RevealVotes"/>, recorded in <see cref="Annotation.VotesRevealedTo"/>).
/// Once a claim has been resolved the votes are public to everyone, and stay so if it is reopened (they were shown;
/// hiding them again would only look like data loss). Viewers cannot vote, so under blind voting they see votes only
/// from then on.</para>
/// </remarks>
public static class VoteVisibility
{
    /// <summary>
    /// The votes of <paramref name="claim"/> that <paramref name="viewerUserId"/> may see: all of them, or, while
    /// blind voting hides the others', only the viewer's own (none, as they have not voted yet).
    /// </summary>
    public static ImmutableArray<Vote> VisibleVotes(Annotation claim, string viewerUserId, bool blindVoting, WorkspaceRole viewerRole)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (CanSeeOthersVotes(claim, viewerUserId, blindVoting, viewerRole))
        {
            return claim.Votes;
        }

        var own = string.IsNullOrEmpty(viewerUserId) ? null : claim.FindVote(viewerUserId);
        return own is null ? [] : [own];
    }

    /// <summary>True when the viewer may see the other users' votes (verdicts, rationales, who voted what).</summary>
    public static bool CanSeeOthersVotes(Annotation claim, string viewerUserId, bool blindVoting, WorkspaceRole viewerRole)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var known = !string.IsNullOrEmpty(viewerUserId);
        return CanSeeOthersVotes(
            blindVoting,
            HasBeenResolved(claim),
            known && claim.FindVote(viewerUserId) is not null,
            known && claim.HasRevealedVotes(viewerUserId),
            viewerRole);
    }

    /// <summary>
    /// The same rule over what a read model keeps of a claim: whether it has ever been resolved, whether the viewer has
    /// voted on it, and whether they chose "reveal to rule".
    /// </summary>
    public static bool CanSeeOthersVotes(bool blindVoting, bool everResolved, bool viewerVoted, bool viewerRevealed, WorkspaceRole viewerRole) =>
        !blindVoting || everResolved || viewerVoted || (viewerRole.CanModerate() && viewerRevealed);

    /// <summary>
    /// True when <paramref name="viewerUserId"/> is a moderator or admin from whom blind voting still hides the votes, so
    /// to rule they must first vote or choose "reveal to rule" (<see cref="RevealVotes"/>).
    /// </summary>
    public static bool MustRevealToRule(Annotation claim, string viewerUserId, bool blindVoting, WorkspaceRole viewerRole) =>
        viewerRole.CanModerate() && !CanSeeOthersVotes(claim, viewerUserId, blindVoting, viewerRole);

    /// <summary>
    /// True when the viewer may see what the votes add up to: <see cref="ClaimStatus.Consensus"/> versus
    /// <see cref="ClaimStatus.Disputed"/>, the tally per verdict and agreement statistics. Same rule as
    /// <see cref="CanSeeOthersVotes"/>: "consensus: false" tells a reviewer how the others voted. When false, show that
    /// voting is under way (the number of votes reveals no verdict) and invite the viewer to vote. A ruling
    /// (<see cref="ClaimStatus.Resolved"/>) is always visible.
    /// </summary>
    public static bool CanSeeStatusDetails(Annotation claim, string viewerUserId, bool blindVoting, WorkspaceRole viewerRole) =>
        CanSeeOthersVotes(claim, viewerUserId, blindVoting, viewerRole);

    private static bool HasBeenResolved(Annotation claim)
    {
        if (claim.Status == ClaimStatus.Resolved)
        {
            return true;
        }

        foreach (var change in claim.StatusHistory)
        {
            if (change.To == ClaimStatus.Resolved)
            {
                return true;
            }
        }

        return false;
    }
}
