using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>What a report may show to whom.</summary>
public static class ReportRedaction
{
    /// <summary>
    /// Blind voting, as the document page applies it: a reviewer (or viewer) sees others' votes on a claim only after
    /// casting their own; moderators, admins and resolved claims show every vote. Returns the document with the votes
    /// <paramref name="viewer"/> may not see removed (a consensus they did not vote in then shows no verdict).
    /// </summary>
    public static DocumentState BlindVotes(DocumentState document, Actor viewer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.Role.CanModerate())
        {
            return document;
        }

        var changed = false;
        var annotations = document.Annotations.Select(a =>
        {
            if (!a.IsClaim() || a.Status == ClaimStatus.Resolved || a.Votes.Length == 0 || a.FindVote(viewer.UserId) is not null)
            {
                return a;
            }

            changed = true;
            return a with { Votes = [] };
        }).ToArray();
        return changed ? document with { Annotations = [.. annotations] } : document;
    }
}
