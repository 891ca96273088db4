namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenAnnotation_WhenAuthorEditsBody_ThenEditCarriesNewBodyAndUnchangedTagsAndKind()
    {
        var state = Given(Create(), Claim(tags: ["economy"]));

        var edited = ThenSingle<AnnotationEdited>(state, When(state, new EditAnnotation(Alice, "c1", Body: "Checked: BLS says 3.5%.\r\n")), Alice);

        Assert.Equal("Checked: BLS says 3.5%.", edited.Body);
        Assert.Equal<string>(["economy"], edited.Tags);
        Assert.Equal(AnnotationKind.Claim, edited.Kind);
    }

    [Fact]
    public void GivenAnnotation_WhenEdited_ThenStateHasNewValuesAndEditedAt()
    {
        var state = Given(Create(), Claim(tags: ["economy"]));

        state = Then(state, When(state, new EditAnnotation(Alice, "c1", Tags: ["Jobs", "jobs"], Kind: AnnotationKind.Question)));

        var annotation = AnnotationOf(state);
        Assert.Equal<string>(["Jobs"], annotation.Tags);
        Assert.Equal(AnnotationKind.Question, annotation.Kind);
        Assert.Equal("Check against BLS data.", annotation.Body);
        Assert.Equal(Now, annotation.EditedAt);
    }

    [Fact]
    public void GivenSomeoneElsesAnnotation_WhenModeratorEdits_ThenAccepted()
    {
        var state = Given(Create(), Claim());

        ThenSingle<AnnotationEdited>(state, When(state, new EditAnnotation(Mona, "c1", Body: "Moderated.")), Mona);
    }

    [Fact]
    public void GivenSomeoneElsesAnnotation_WhenReviewerEdits_ThenForbiddenNotAuthor()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new EditAnnotation(Bob, "c1", Body: "Mine now.")), DomainErrorKind.Forbidden, ErrorCodes.NotAuthor);
    }

    [Fact]
    public void GivenOwnAnnotation_WhenAuthorWasDemotedToViewer_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new EditAnnotation(Alice with { Role = WorkspaceRole.Viewer }, "c1", Body: "x")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenAnnotation_WhenEditChangesNothing_ThenAcceptedWithNoEvents()
    {
        var state = Given(Create(), Claim(tags: ["economy"]));

        var decision = When(state, new EditAnnotation(Alice, "c1", Body: "Check against BLS data.", Tags: [" economy "], Kind: AnnotationKind.Claim));

        Assert.True(decision.IsAccepted);
        Assert.Empty(decision.Events);
        Assert.True(When(state, new EditAnnotation(Alice, "c1")).IsAccepted);
    }

    [Fact]
    public void GivenTag_WhenOnlyItsCaseIsEdited_ThenThatIsAChange()
    {
        var state = Given(Create(), Claim(tags: ["economy"]));

        var edited = ThenSingle<AnnotationEdited>(state, When(state, new EditAnnotation(Alice, "c1", Tags: ["Economy"])), Alice);

        Assert.Equal<string>(["Economy"], edited.Tags);
    }

    [Fact]
    public void GivenClaimWithVotes_WhenKindChangesToComment_ThenConflict()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True));

        ThenRejected(When(state, new EditAnnotation(Alice, "c1", Kind: AnnotationKind.Comment)), DomainErrorKind.Conflict, ErrorCodes.ClaimHasVotes);
    }

    [Fact]
    public void GivenClaimWithoutVotes_WhenKindChangesToComment_ThenAcceptedAndStatusStaysOpen()
    {
        var state = Given(Create(), Claim());

        state = Then(state, When(state, new EditAnnotation(Alice, "c1", Kind: AnnotationKind.Comment)));

        Assert.Equal(AnnotationKind.Comment, AnnotationOf(state).Kind);
        Assert.Equal(ClaimStatus.Open, AnnotationOf(state).Status);
    }

    [Fact]
    public void GivenAClaimRuledWithoutVotesBeforeRulingsNeededTheQuorum_WhenKindChangesToQuestion_ThenConflict()
    {
        var state = RuledWhileOpenBeforeTheQuorumRule(Given(Create(), Claim()));

        ThenRejected(When(state, new EditAnnotation(Mona, "c1", Kind: AnnotationKind.Question)), DomainErrorKind.Conflict, ErrorCodes.ClaimHasVotes);
    }

    [Fact]
    public void GivenDeletedAnnotation_WhenEdited_ThenNotFound()
    {
        var state = Given(Create(), Claim(), new DeleteAnnotation(Alice, "c1"));

        ThenRejected(When(state, new EditAnnotation(Alice, "c1", Body: "x")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
        ThenRejected(When(state, new EditAnnotation(Alice, "nope", Body: "x")), DomainErrorKind.NotFound, ErrorCodes.AnnotationNotFound);
    }

    [Fact]
    public void GivenAnnotation_WhenEditedBodyIsTooLarge_ThenTooLargeAndNothingChanges()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new EditAnnotation(Alice, "c1", Body: new string('x', 101)), new DomainLimits { MaxBodyLength = 100 }), DomainErrorKind.TooLarge, ErrorCodes.BodyTooLarge);
    }

    [Fact]
    public void GivenAnnotation_WhenEditedWithInvalidTag_ThenTagInvalid()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new EditAnnotation(Alice, "c1", Tags: [""])), DomainErrorKind.Invalid, ErrorCodes.TagInvalid);
    }
}
