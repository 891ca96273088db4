using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AnnotateHub.Domain;

namespace AnnotateHub.Web.Api;

/// <summary>
/// What of the votes one caller may read, under the workspace's blind voting setting: the domain's
/// <see cref="VoteVisibility"/> rule (the one the document page's cards apply), applied to API representations.
/// </summary>
/// <remarks>
/// Where the rule hides the others' votes on a claim from the caller, the claim is shown with none of them (the caller
/// has not voted, so there is no vote of their own to show), with the number withheld, and with the status "voting"
/// instead of what the votes add up to. Only claims carry votes; other annotations are shown as they are. Such a view
/// differs from everyone else's, so it gets an ETag of its own (<see cref="ETag"/>).
/// </remarks>
public sealed record VoteView(Actor Viewer, bool BlindVoting)
{
    /// <summary>The votes of <paramref name="annotation"/> the caller may see.</summary>
    public ImmutableArray<Vote> VisibleVotes(Annotation annotation) =>
        annotation.IsClaim() ? VoteVisibility.VisibleVotes(annotation, Viewer.UserId, BlindVoting, Viewer.Role) : annotation.Votes;

    /// <summary>True when the caller may see what the votes add up to (consensus versus disputed).</summary>
    public bool ShowsStatus(Annotation annotation) =>
        !annotation.IsClaim() || VoteVisibility.CanSeeStatusDetails(annotation, Viewer.UserId, BlindVoting, Viewer.Role);

    /// <summary>The status as the caller may see it: the claim's own, or "voting" while its votes are hidden.</summary>
    public VisibleClaimStatus Status(Annotation annotation) => !ShowsStatus(annotation)
        ? VisibleClaimStatus.Voting
        : annotation.Status switch
        {
            ClaimStatus.Open => VisibleClaimStatus.Open,
            ClaimStatus.Consensus => VisibleClaimStatus.Consensus,
            ClaimStatus.Disputed => VisibleClaimStatus.Disputed,
            ClaimStatus.Resolved => VisibleClaimStatus.Resolved,
            _ => throw new ArgumentOutOfRangeException(nameof(annotation), annotation.Status, "Unknown claim status."),
        };

    /// <summary>True when the caller may read what a moderator hid (moderators and admins); others see only that it is hidden.</summary>
    public bool ShowsHidden => Viewer.Role.CanModerate();

    /// <summary>True when the caller's view of <paramref name="annotation"/> leaves something out (votes, status or hidden content).</summary>
    public bool Redacts(Annotation annotation) =>
        !ShowsStatus(annotation) || VisibleVotes(annotation).Length != annotation.Votes.Length || (!ShowsHidden && !annotation.HiddenItems.IsEmpty);

    /// <summary>
    /// True when <paramref name="change"/> would tell the caller what <paramref name="state"/> hides from them: another
    /// user's verdict on a claim whose votes they may not see yet, or the status those votes led to. Visibility is
    /// judged on <paramref name="state"/>, which must be at least as recent as the event (it only ever widens: a vote
    /// cast or a ruling is never undone).
    /// </summary>
    public bool Redacts(DocumentEvent change, DocumentState state)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(state);
        return change switch
        {
            VoteCast vote => vote.ActorId != Viewer.UserId && HiddenOrUnknown(vote.AnnotationId, state, a => VisibleVotes(a).Length != a.Votes.Length),
            ClaimStatusChanged status => HiddenOrUnknown(status.AnnotationId, state, a => !ShowsStatus(a)),
            AnnotationCreated created => Withholds(state, created.AnnotationId, ModeratedItem.Annotation, created.AnnotationId),
            AnnotationEdited edited => Withholds(state, edited.AnnotationId, ModeratedItem.Annotation, edited.AnnotationId),
            ReplyAdded added => Withholds(state, added.AnnotationId, ModeratedItem.Reply, added.ReplyId),
            ReplyEdited edited => Withholds(state, edited.AnnotationId, ModeratedItem.Reply, edited.ReplyId),
            SourceAttached attached => Withholds(state, attached.AnnotationId, ModeratedItem.Source, attached.SourceId),
            _ => false,
        };
    }

    /// <summary>
    /// True when an event carries the text of an item a moderator hid (as of <paramref name="state"/>) and the caller
    /// may not see hidden content.
    /// </summary>
    private bool Withholds(DocumentState state, string annotationId, ModeratedItem item, string itemId) =>
        !ShowsHidden && state.FindAnnotation(annotationId)?.HiddenMark(item, itemId) is not null;

    /// <summary>
    /// The ETag of a representation of <paramref name="version"/> that shows <paramref name="annotations"/> to the
    /// caller: the version (<c>"12"</c>) when nothing in it is redacted, as everyone's full view is; otherwise the version
    /// and a digest of which annotations are redacted (<c>"12-3f9a…"</c>), so that a cache never answers one caller's
    /// If-None-Match with a view made for another. <see cref="DocumentApi.ExpectedVersion"/> reads either as If-Match.
    /// </summary>
    public string ETag(long version, IEnumerable<Annotation> annotations)
    {
        var redacted = annotations.Where(Redacts).Select(a => a.Id).Order(StringComparer.Ordinal).ToArray();
        var number = version.ToString(CultureInfo.InvariantCulture);
        if (redacted.Length == 0)
        {
            return $"\"{number}\"";
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', redacted)));
        return $"\"{number}-{Convert.ToHexStringLower(digest.AsSpan(0, 8))}\"";
    }

    /// <summary>
    /// <paramref name="hidden"/> for the annotation; for one <paramref name="state"/> does not hold (it never should: it
    /// is read after the events), hidden whenever blind voting is on, so that nothing leaks by mistake.
    /// </summary>
    private bool HiddenOrUnknown(string annotationId, DocumentState state, Func<Annotation, bool> hidden) =>
        state.FindAnnotation(annotationId) is { } annotation ? hidden(annotation) : BlindVoting;
}
