using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>What a report may show to whom.</summary>
public static class ReportRedaction
{
    /// <summary>
    /// Blind voting, by the domain's <see cref="VoteVisibility"/> rules (the same the document page applies): where the
    /// viewer may not see the others' votes yet, the claim is reported with only the viewer's own vote, and, as what the
    /// votes add up to would give them away, as open with no vote-driven status changes (a report says "no verdict
    /// yet" where the page says "voting"). Rulings and reopenings stay. Moderators and admins see everything.
    /// </summary>
    public static DocumentState BlindVotes(DocumentState document, Actor viewer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(viewer);
        var changed = false;
        var annotations = document.Annotations.Select(a =>
        {
            if (!a.IsClaim() || VoteVisibility.CanSeeOthersVotes(a, viewer.UserId, blindVoting: true, viewer.Role))
            {
                return a;
            }

            changed = true;
            return a with
            {
                Votes = VoteVisibility.VisibleVotes(a, viewer.UserId, blindVoting: true, viewer.Role),
                Status = ClaimStatus.Open,
                StatusHistory = [],
            };
        }).ToArray();
        return changed ? document with { Annotations = [.. annotations] } : document;
    }
}
