namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenReply_WhenAuthorDeletesIt_ThenItStaysAsTombstone()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Oops"), new AddReply(Carol, "c1", "r2", "Keep"));

        var deleted = ThenSingle<ReplyDeleted>(state, When(state, new DeleteReply(Bob, "c1", "r1")), Bob);
        state = Then(state, Decision.Accept(deleted));

        var replies = AnnotationOf(state).Replies;
        Assert.Equal(2, replies.Length);
        Assert.True(replies[0].Deleted);
        Assert.Equal("bob", replies[0].DeletedBy);
        Assert.Equal(Now, replies[0].DeletedAt);
        Assert.False(replies[1].Deleted);
    }

    [Fact]
    public void GivenSomeoneElsesReply_WhenModeratorDeletesIt_ThenAccepted()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Abuse"));

        ThenSingle<ReplyDeleted>(state, When(state, new DeleteReply(Mona, "c1", "r1")), Mona);
    }

    [Fact]
    public void GivenSomeoneElsesReply_WhenReviewerDeletesIt_ThenForbidden()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Mine"));

        ThenRejected(When(state, new DeleteReply(Carol, "c1", "r1")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
    }

    [Fact]
    public void GivenDeletedReply_WhenDeletedAgain_ThenNotFound()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Text"), new DeleteReply(Bob, "c1", "r1"));

        ThenRejected(When(state, new DeleteReply(Bob, "c1", "r1")), DomainErrorKind.NotFound, ErrorCodes.ReplyNotFound);
    }
}
