namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenAnnotation_WhenAuthorDeletesIt_ThenItStaysAsTombstone()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Source?"));

        var deleted = ThenSingle<AnnotationDeleted>(state, When(state, new DeleteAnnotation(Alice, "c1")), Alice);
        state = Then(state, Decision.Accept(deleted));

        var annotation = AnnotationOf(state);
        Assert.True(annotation.Deleted);
        Assert.Equal(Now, annotation.DeletedAt);
        Assert.Equal("alice", annotation.DeletedBy);
        Assert.Single(state.Annotations);
        Assert.Single(annotation.Replies);
    }

    [Fact]
    public void GivenSomeoneElsesAnnotation_WhenAdminDeletesIt_ThenAccepted()
    {
        var state = Given(Create(), Claim());

        ThenSingle<AnnotationDeleted>(state, When(state, new DeleteAnnotation(Ada, "c1")), Ada);
    }

    [Fact]
    public void GivenSomeoneElsesAnnotation_WhenReviewerDeletesIt_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new DeleteAnnotation(Bob, "c1")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
    }

    [Fact]
    public void GivenDeletedAnnotation_WhenDeletedAgainOrRepliedToOrVotedOn_ThenNotFound()
    {
        var state = Given(Create(), Claim(), new DeleteAnnotation(Alice, "c1"));

        ThenRejected(When(state, new DeleteAnnotation(Alice, "c1")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
        ThenRejected(When(state, new AddReply(Bob, "c1", "r1", "Hello")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
        ThenRejected(When(state, Vote(Bob, Verdict.False)), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
        ThenRejected(When(state, UrlSource()), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, "x")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
    }

    [Fact]
    public void GivenMissingAnnotation_WhenDeleted_ThenNotFound()
    {
        var state = Given(Create());

        ThenRejected(When(state, new DeleteAnnotation(Mona, "ghost")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
    }
}
