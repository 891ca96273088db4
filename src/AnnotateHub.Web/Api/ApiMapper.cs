using AnnotateHub.Domain;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Api;

/// <summary>Domain state to API responses. Deleted annotations and replies are left out; names come from <see cref="People"/>.</summary>
public sealed class ApiMapper(People people)
{
    public DocumentResponse Document(DocumentState state) => new(
        state.Id,
        state.WorkspaceId,
        state.Title,
        state.Text,
        state.Version,
        state.SourceUrl,
        state.Quorum,
        Person(state.CreatedBy),
        state.CreatedAt,
        state.Annotations.Where(a => !a.Deleted).Select(Annotation).ToArray());

    public AnnotationResponse Annotation(Annotation a) => new(
        a.Id,
        a.Kind,
        Target(a.Target),
        a.Tags.IsDefault ? [] : a.Tags,
        a.Body,
        Person(a.AuthorId),
        a.CreatedAt,
        a.EditedAt,
        a.Status,
        a.Votes.Select(Vote).ToArray(),
        a.Replies.Where(r => !r.Deleted).Select(Reply).ToArray(),
        a.Sources.Select(Source).ToArray(),
        a.Resolution is { } r
            ? new ResolutionResponse(r.Verdict, r.Rationale, Person(r.ResolvedBy), r.ResolvedAt, r.MinorityVotes.Select(Vote).ToArray())
            : null);

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
