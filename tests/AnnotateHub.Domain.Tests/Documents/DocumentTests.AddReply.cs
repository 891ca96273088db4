namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenAnnotation_WhenReviewerReplies_ThenReplyIsAppendedToTheThread()
    {
        var state = Given(Create(), Claim(), new AddReply(Carol, "c1", "r0", "First."));

        var added = ThenSingle<ReplyAdded>(state, When(state, new AddReply(Bob, "c1", "r1", "  Which table?\r\n")), Bob);
        state = Then(state, Decision.Accept(added));

        Assert.Equal("  Which table?", added.Body);
        var reply = AnnotationOf(state).Replies[1];
        Assert.Equal("r1", reply.Id);
        Assert.Equal("bob", reply.AuthorId);
        Assert.Equal(Now, reply.CreatedAt);
        Assert.False(reply.Deleted);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    public void GivenAnnotation_WhenReplyBodyIsBlank_ThenBodyRequired(string body)
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new AddReply(Bob, "c1", "r1", body)), DomainErrorKind.Invalid, ErrorCodes.BodyRequired);
    }

    [Fact]
    public void GivenReply_WhenAnotherReplyUsesItsId_ThenConflict()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "First."));

        ThenRejected(When(state, new AddReply(Carol, "c1", "r1", "Second.")), DomainErrorKind.Conflict, ErrorCodes.ReplyExists);
    }

    [Fact]
    public void GivenAnnotation_WhenViewerReplies_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new AddReply(Vic, "c1", "r1", "Hi")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenAnnotation_WhenReplyIsTooLarge_ThenTooLarge()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new AddReply(Bob, "c1", "r1", new string('r', 20_001))), DomainErrorKind.TooLarge, ErrorCodes.BodyTooLarge);
    }

    [Fact]
    public void GivenAnnotation_WhenReplyIdIsBlank_ThenIdInvalid()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new AddReply(Bob, "c1", "", "Hi")), DomainErrorKind.Invalid, ErrorCodes.IdInvalid);
    }
}
