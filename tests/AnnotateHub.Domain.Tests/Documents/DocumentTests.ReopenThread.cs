namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenResolvedThread_WhenTheAuthorReopensIt_ThenTheThreadIsOpenAndWhoResolvedItIsCleared()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"));

        var reopened = ThenSingle<ThreadReopened>(state, When(state, new ReopenThread(Alice, "c1")), Alice);
        state = Then(state, Decision.Accept(reopened));

        var annotation = AnnotationOf(state);
        Assert.False(annotation.ThreadResolved);
        Assert.Null(annotation.ThreadResolvedBy);
        Assert.Null(annotation.ThreadResolvedAt);
    }

    [Fact]
    public void GivenThreadResolvedByAModerator_WhenTheAuthorReopensIt_ThenAccepted()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Mona, "c1"));

        state = Then(state, When(state, new ReopenThread(Alice, "c1")));

        Assert.False(AnnotationOf(state).ThreadResolved);
    }

    [Fact]
    public void GivenThreadResolvedByItsAuthor_WhenAnAdminReopensIt_ThenAccepted()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"));

        ThenSingle<ThreadReopened>(state, When(state, new ReopenThread(Ada, "c1")), Ada);
    }

    [Fact]
    public void GivenOpenThread_WhenReopened_ThenAcceptedWithNoEvents()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"), new ReopenThread(Alice, "c1"));

        var again = When(state, new ReopenThread(Mona, "c1"));

        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void GivenResolvedThread_WhenAReviewerWhoIsNotTheAuthorReopensIt_ThenForbidden()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"));

        ThenRejected(When(state, new ReopenThread(Bob, "c1")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
    }

    [Fact]
    public void GivenResolvedThread_WhenAViewerReopensIt_ThenForbidden()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"));

        ThenRejected(When(state, new ReopenThread(Vic, "c1")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenReopenedThread_WhenResolvedAgainLater_ThenTheNewResolverAndTimeAreRecorded()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"), new ReopenThread(Alice, "c1"));

        state = Then(state, When(state, new ResolveThread(Mona, "c1")));

        var annotation = AnnotationOf(state);
        Assert.True(annotation.ThreadResolved);
        Assert.Equal("mona", annotation.ThreadResolvedBy);
        Assert.Equal(Now, annotation.ThreadResolvedAt);
    }

    [Fact]
    public void GivenDeletedAnnotationWithResolvedThread_WhenItsThreadIsReopened_ThenNotFound()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"), new DeleteAnnotation(Mona, "c1"));

        ThenRejected(When(state, new ReopenThread(Alice, "c1")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
    }
}
