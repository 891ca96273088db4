namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenAReply_WhenAViewerFlagsIt_ThenTheFlagIsRecordedWithTheReason()
    {
        var state = Given(Create(), Claim(), new AddReply(Bob, "c1", "r1", "Rude remark."));

        var flagged = ThenSingle<ContentFlagged>(state, When(state, new FlagContent(Vic, "c1", "f1", ModeratedItem.Reply, "r1", "  Personal attack. ")), Vic);
        state = Then(state, Decision.Accept(flagged));

        var flag = Assert.Single(AnnotationOf(state).Flags);
        Assert.Equal(("f1", ModeratedItem.Reply, "r1", "Personal attack.", "vic"), (flag.Id, flag.Item, flag.ItemId, flag.Reason, flag.By));
    }

    [Fact]
    public void GivenAFlagWithoutAReasonOrOnAMissingReply_WhenDecided_ThenRejectedAndNothingIsRecorded()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new FlagContent(Bob, "c1", "f1", ModeratedItem.Annotation, null, "  ")), DomainErrorKind.Invalid, ErrorCodes.ModerationReasonRequired);
        ThenRejected(When(state, new FlagContent(Bob, "c1", "f1", ModeratedItem.Reply, "r9", "Spam.")), DomainErrorKind.NotFound, ErrorCodes.ReplyNotFound);
    }

    [Fact]
    public void GivenASource_WhenAModeratorHidesItAndUnhidesIt_ThenItIsHiddenWithTheReasonAndThenShownAgain()
    {
        var state = Given(Create(), Claim(), UrlSource());

        var hidden = ThenSingle<ContentHidden>(state, When(state, new HideContent(Mona, "c1", ModeratedItem.Source, "s1", "Link to a scam site.")), Mona);
        state = Then(state, Decision.Accept(hidden));
        var mark = AnnotationOf(state).HiddenMark(ModeratedItem.Source, "s1");
        Assert.Equal(("Link to a scam site.", "mona"), (mark?.Reason, mark?.By));
        Assert.Empty(When(state, new HideContent(Mona, "c1", ModeratedItem.Source, "s1", "Link to a scam site.")).Events);

        state = Then(state, When(state, new UnhideContent(Mona, "c1", ModeratedItem.Source, "s1")));

        Assert.Null(AnnotationOf(state).HiddenMark(ModeratedItem.Source, "s1"));
        Assert.Empty(When(state, new UnhideContent(Mona, "c1", ModeratedItem.Source, "s1")).Events);
    }

    [Fact]
    public void GivenAnAnnotation_WhenAReviewerTriesToHideItOrLockItsThread_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new HideContent(Bob, "c1", ModeratedItem.Annotation, null, "Off topic.")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
        ThenRejected(When(state, new LockThread(Bob, "c1", "Heated.")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
        ThenRejected(When(state, new HideContent(Vic, "c1", ModeratedItem.Annotation, null, "Off topic.")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenALockedThread_WhenSomeoneReplies_ThenConflictUntilAModeratorUnlocksIt()
    {
        var state = Given(Create(), Claim(), new LockThread(Mona, "c1", "Heated; take a break."));
        Assert.True(AnnotationOf(state).ThreadLocked);

        var refused = ThenRejected(When(state, new AddReply(Bob, "c1", "r1", "But…")), DomainErrorKind.Conflict, ErrorCodes.ThreadLocked);
        Assert.Contains("Heated; take a break.", refused.Message, StringComparison.Ordinal);

        state = Then(state, When(state, new UnlockThread(Mona, "c1")));
        Assert.False(AnnotationOf(state).ThreadLocked);
        Assert.True(When(state, new AddReply(Bob, "c1", "r1", "Thanks.")).IsAccepted);
    }

    [Fact]
    public void GivenModerationOnAState_WhenItIsSnapshottedAndRead_ThenFlagsHiddenItemsAndTheLockSurvive()
    {
        var state = Given(
            Create(),
            Claim(),
            new AddReply(Bob, "c1", "r1", "Rude remark."),
            new FlagContent(Vic, "c1", "f1", ModeratedItem.Reply, "r1", "Personal attack."),
            new HideContent(Mona, "c1", ModeratedItem.Reply, "r1", "Personal attack."),
            new LockThread(Mona, "c1", "Cooling off."));

        var read = DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, DocumentSnapshots.Serialize(state));
        var json = DomainJson.DeserializeState(DomainJson.SerializeState(state));

        foreach (var annotation in new[] { AnnotationOf(read), AnnotationOf(json) })
        {
            Assert.Equal("Personal attack.", Assert.Single(annotation.Flags).Reason);
            Assert.Equal("mona", annotation.HiddenMark(ModeratedItem.Reply, "r1")?.By);
            Assert.Equal((true, "Cooling off."), (annotation.ThreadLocked, annotation.ThreadLockedReason));
        }
    }
}
