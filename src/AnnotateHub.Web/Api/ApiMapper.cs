using AnnotateHub.Domain;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Domain state to API responses. Deleted annotations and replies are left out; names come from <see cref="People"/>;
/// votes are shown as the caller's <see cref="VoteView"/> allows (blind voting).
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
        return new AnnotationResponse(
            a.Id,
            a.Kind,
            Target(a.Target),
            a.Tags.IsDefault ? [] : a.Tags,
            a.Body,
            Person(a.AuthorId),
            a.CreatedAt,
            a.EditedAt,
            view.Status(a),
            votes.Select(Vote).ToArray(),
            a.Replies.Where(r => !r.Deleted).Select(Reply).ToArray(),
            a.Sources.Select(Source).ToArray(),
            a.Resolution is { } r
                ? new ResolutionResponse(r.Verdict, r.Rationale, Person(r.ResolvedBy), r.ResolvedAt, r.MinorityVotes.Select(Vote).ToArray())
                : null,
            a.Votes.Length - votes.Length);
    }

    public ReplyResponse Reply(Reply r) => new(r.Id, Person(r.AuthorId), r.Body, r.CreatedAt, r.EditedAt);

    public SourceResponse Source(Source s) => new(
        s.Id,
        s.Title,
        s.Stance,
        s.Url,
        s.Quote,
        s.Note,
        s.LinkedDocumentId,
        s.LinkedTarget is { } t ? Target(t) : null,
        Person(s.AddedBy),
        s.AddedAt);

    public VoteResponse Vote(Vote v) => new(Person(v.UserId), v.Verdict, v.Rationale, v.CastAt, v.ChangedAt);

    public PersonResponse Person(string userId) => new(userId, people.Name(userId));

    public static TargetResponse Target(TextTarget t) =>
        new(t.Quote.Exact, t.Quote.Prefix, t.Quote.Suffix, t.Position.Start, t.Position.End);
}
