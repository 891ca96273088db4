namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenOpenThread_WhenTheAuthorResolvesIt_ThenTheThreadIsResolvedByThemAndTheClaimStatusIsUntouched()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Which table?"), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        var resolved = ThenSingle<ThreadResolved>(state, When(state, new ResolveThread(Alice, "c1")), Alice);
        state = Then(state, Decision.Accept(resolved));

        Assert.Equal("c1", resolved.AnnotationId);
        var annotation = AnnotationOf(state);
        Assert.True(annotation.ThreadResolved);
        Assert.Equal("alice", annotation.ThreadResolvedBy);
        Assert.Equal(Now, annotation.ThreadResolvedAt);
        Assert.Equal(ClaimStatus.Disputed, annotation.Status);
        Assert.Null(annotation.Resolution);
    }

    [Theory]
    [InlineData("mona", WorkspaceRole.Moderator)]
    [InlineData("ada", WorkspaceRole.Admin)]
    public void GivenSomeoneElsesThread_WhenAModeratorOrAdminResolvesIt_ThenItIsResolvedByThem(string userId, WorkspaceRole role)
    {
        var state = Given(Create(), Claim());
        var moderator = new Actor(userId, role);

        state = Then(state, When(state, new ResolveThread(moderator, "c1")));

        Assert.True(AnnotationOf(state).ThreadResolved);
        Assert.Equal(userId, AnnotationOf(state).ThreadResolvedBy);
    }

    [Fact]
    public void GivenSomeoneElsesThread_WhenAReviewerWhoIsNotTheAuthorResolvesIt_ThenForbidden()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Done here?"));

        var error = ThenRejected(When(state, new ResolveThread(Bob, "c1")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);

        Assert.Contains("resolve or reopen its thread", error.Message, StringComparison.Ordinal);
        Assert.False(AnnotationOf(state).ThreadResolved);
    }

    [Fact]
    public void GivenThread_WhenAViewerResolvesIt_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new ResolveThread(Vic, "c1")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenResolvedThread_WhenResolvedAgain_ThenAcceptedWithNoEventsAndTheFirstResolverIsKept()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"));
        var resolvedAt = AnnotationOf(state).ThreadResolvedAt;

        var again = When(state, new ResolveThread(Mona, "c1"));

        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
        Assert.Equal("alice", AnnotationOf(state).ThreadResolvedBy);
        Assert.Equal(resolvedAt, AnnotationOf(state).ThreadResolvedAt);
    }

    [Fact]
    public void GivenResolvedThread_WhenSomeoneReplies_ThenTheReplyIsAddedAndTheThreadStaysResolved()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"));

        var added = ThenSingle<ReplyAdded>(state, When(state, new AddReply(Bob, "c1", "r1", "Thanks, agreed.")), Bob);
        state = Then(state, Decision.Accept(added));

        var annotation = AnnotationOf(state);
        Assert.Equal("r1", Assert.Single(annotation.Replies).Id);
        Assert.True(annotation.ThreadResolved);
        Assert.Equal("alice", annotation.ThreadResolvedBy);
    }

    [Theory]
    [InlineData(AnnotationKind.Comment)]
    [InlineData(AnnotationKind.Question)]
    public void GivenACommentOrQuestion_WhenItsAuthorResolvesTheThread_ThenAccepted(AnnotationKind kind)
    {
        var state = Given(Create(), new Highlight(Bob, "q1", kind, TargetSpec.ForQuote("stopped looking"), "Why?"));

        state = Then(state, When(state, new ResolveThread(Bob, "q1")));

        Assert.True(AnnotationOf(state, "q1").ThreadResolved);
        Assert.Equal(ClaimStatus.Open, AnnotationOf(state, "q1").Status);
    }

    [Fact]
    public void GivenResolvedThread_WhenAModeratorRulesOnTheClaimAndReopensIt_ThenTheThreadStaysResolved()
    {
        var state = Given(Create(), Claim(), new ResolveThread(Alice, "c1"), Vote(Bob, Verdict.True), Vote(Carol, Verdict.True));

        state = Then(state, When(state, new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed.")));
        state = Then(state, When(state, new ReopenClaim(Mona, "c1", "New data.")));

        Assert.True(AnnotationOf(state).ThreadResolved);
        Assert.Equal(ClaimStatus.Consensus, AnnotationOf(state).Status);
    }

    [Fact]
    public void GivenDeletedAnnotation_WhenItsThreadIsResolved_ThenNotFound()
    {
        var state = Given(Create(), Claim(), new DeleteAnnotation(Alice, "c1"));

        ThenRejected(When(state, new ResolveThread(Alice, "c1")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
    }

    [Fact]
    public void GivenNoSuchAnnotation_WhenItsThreadIsResolved_ThenNotFound()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new ResolveThread(Mona, "nope")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
    }
}
