using AnnotateHub.Domain;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Domain state to API responses. Deleted annotations and replies are left out; names come from <see cref="People"/>;
/// votes are shown as the caller's <see cref="VoteView"/> allows (blind voting). What a moderator hid comes with its
/// <c>hidden</c> mark, and without its text to anyone who may not see hidden content (<see cref="VoteView.ShowsHidden"/>).
/// </summary>
public sealed class ApiMapper(People people)
{
    public DocumentResponse Document(DocumentState state, VoteView view) => new(
        state.Id,
        state.WorkspaceId,
        state.Title,
        state.Text,
        state.Version,
        state.SourceUrl,
        state.Quorum,
        Person(state.CreatedBy),
        state.CreatedAt,
        state.Annotations.Where(a => !a.Deleted).Select(a => Annotation(a, view)).ToArray());

    public AnnotationResponse Annotation(Annotation a, VoteView view)
    {
        var votes = view.VisibleVotes(a);
        var hidden = a.HiddenMark();
        var withheld = hidden is not null && !view.ShowsHidden;
        return new AnnotationResponse(
            a.Id,
            a.Kind,
            Target(a.Target),
            withheld || a.Tags.IsDefault ? [] : a.Tags,
            withheld ? string.Empty : a.Body,
            Person(a.AuthorId),
            a.CreatedAt,
            a.EditedAt,
            view.Status(a),
            votes.Select(Vote).ToArray(),
            a.Replies.Where(r => !r.Deleted).Select(r => Reply(a, r, view)).ToArray(),
            a.Sources.Select(s => Source(a, s, view)).ToArray(),
            a.Resolution is { } r
                ? new ResolutionResponse(r.Verdict, r.Rationale, Person(r.ResolvedBy), r.ResolvedAt, r.MinorityVotes.Select(Vote).ToArray())
                : null,
            a.Votes.Length - votes.Length,
            Hidden(hidden));
    }

    /// <summary>A reply of <paramref name="a"/> as the caller may see it.</summary>
    public ReplyResponse Reply(Annotation a, Reply r, VoteView view)
    {
        var hidden = a.HiddenMark(r);
        var withheld = hidden is not null && !view.ShowsHidden;
        return new(r.Id, Person(r.AuthorId), withheld ? string.Empty : r.Body, r.CreatedAt, r.EditedAt, Hidden(hidden));
    }

    /// <summary>A source of <paramref name="a"/> as the caller may see it.</summary>
    public SourceResponse Source(Annotation a, Source s, VoteView view)
    {
        var hidden = a.HiddenMark(s);
        var withheld = hidden is not null && !view.ShowsHidden;
        return new(
            s.Id,
            withheld ? string.Empty : s.Title,
            s.Stance,
            withheld ? null : s.Url,
            withheld ? null : s.Quote,
            withheld ? null : s.Note,
            s.LinkedDocumentId,
            s.LinkedTarget is { } t ? Target(t) : null,
            Person(s.AddedBy),
            s.AddedAt,
            Hidden(hidden));
    }

    public VoteResponse Vote(Vote v) => new(Person(v.UserId), v.Verdict, v.Rationale, v.CastAt, v.ChangedAt);

    public PersonResponse Person(string userId) => new(userId, people.Name(userId));

    private HiddenResponse? Hidden(HiddenItem? hidden) => hidden is null ? null : new(hidden.Reason, Person(hidden.By), hidden.At);

    public static TargetResponse Target(TextTarget t) =>
        new(t.Quote.Exact, t.Quote.Prefix, t.Quote.Suffix, t.Position.Start, t.Position.End);
}
