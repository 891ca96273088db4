namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenAttachedSource_WhenTheUserWhoAttachedItDetachesIt_ThenItIsRemoved()
    {
        var state = Given(Create(), Claim(), UrlSource("s1", Bob), UrlSource("s2", Carol));

        var detached = ThenSingle<SourceDetached>(state, When(state, new DetachSource(Bob, "c1", "s1")), Bob);
        state = Then(state, Decision.Accept(detached));

        Assert.Equal("s2", Assert.Single(AnnotationOf(state).Sources).Id);
    }

    [Fact]
    public void GivenSomeoneElsesSource_WhenModeratorDetachesIt_ThenAccepted()
    {
        var state = Given(Create(), Claim(), UrlSource("s1", Bob));

        ThenSingle<SourceDetached>(state, When(state, new DetachSource(Mona, "c1", "s1")), Mona);
    }

    [Fact]
    public void GivenSomeoneElsesSource_WhenTheAnnotationAuthorDetachesIt_ThenForbidden()
    {
        var state = Given(Create(), Claim(), UrlSource("s1", Bob));

        ThenRejected(When(state, new DetachSource(Alice, "c1", "s1")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
    }

    [Fact]
    public void GivenDetachedSource_WhenDetachedAgain_ThenNotFound()
    {
        var state = Given(Create(), Claim(), UrlSource("s1", Bob), new DetachSource(Bob, "c1", "s1"));

        ThenRejected(When(state, new DetachSource(Bob, "c1", "s1")), DomainErrorKind.NotFound, ErrorCodes.SourceNotFound);
    }
}
