namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenReply_WhenAuthorEditsIt_ThenBodyChangesAndEditedAtIsSet()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Which tabel?"));

        var edited = ThenSingle<ReplyEdited>(state, When(state, new EditReply(Bob, "c1", "r1", "Which table?")), Bob);
        state = Then(state, Decision.Accept(edited));

        var reply = Assert.Single(AnnotationOf(state).Replies);
        Assert.Equal("Which table?", reply.Body);
        Assert.Equal(Now, reply.EditedAt);
    }

    [Fact]
    public void GivenSomeoneElsesReply_WhenModeratorEditsIt_ThenAccepted()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Rude words"));

        ThenSingle<ReplyEdited>(state, When(state, new EditReply(Mona, "c1", "r1", "[removed by moderator]")), Mona);
    }

    [Fact]
    public void GivenSomeoneElsesReply_WhenTheAnnotationAuthorEditsIt_ThenForbidden()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "My reply"));

        ThenRejected(When(state, new EditReply(Alice, "c1", "r1", "Changed")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
    }

    [Fact]
    public void GivenReply_WhenEditedToTheSameBody_ThenAcceptedWithNoEvents()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Same"));

        var decision = When(state, new EditReply(Bob, "c1", "r1", "Same\n"));

        Assert.True(decision.IsAccepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void GivenReply_WhenEditedToBlank_ThenBodyRequired()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Text"));

        ThenRejected(When(state, new EditReply(Bob, "c1", "r1", "  ")), DomainErrorKind.Invalid, ErrorCodes.BodyRequired);
    }

    [Fact]
    public void GivenDeletedOrMissingReply_WhenEdited_ThenNotFound()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Text"), new DeleteReply(Bob, "c1", "r1"));

        ThenRejected(When(state, new EditReply(Bob, "c1", "r1", "Back")), DomainErrorKind.NotFound, ErrorCodes.ReplyNotFound);
        ThenRejected(When(state, new EditReply(Bob, "c1", "r2", "Back")), DomainErrorKind.NotFound, ErrorCodes.ReplyNotFound);
    }
}
