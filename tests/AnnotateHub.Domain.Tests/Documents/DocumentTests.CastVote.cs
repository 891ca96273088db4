namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenOpenClaim_WhenFirstVoteIsBelowQuorum_ThenOnlyVoteCastAndStatusStaysOpen()
    {
        var state = Given(Create(), Claim());

        var cast = ThenSingle<VoteCast>(state, When(state, Vote(Bob, Verdict.MostlyTrue, rationale: "BLS says 3.5.")), Bob);
        state = Then(state, Decision.Accept(cast));

        Assert.Equal(Verdict.MostlyTrue, cast.Verdict);
        Assert.Null(cast.PreviousVerdict);
        var annotation = AnnotationOf(state);
        var vote = Assert.Single(annotation.Votes);
        Assert.Equal(new Vote { UserId = "bob", Verdict = Verdict.MostlyTrue, Rationale = "BLS says 3.5.", CastAt = Now }, vote);
        Assert.Equal(ClaimStatus.Open, annotation.Status);
    }

    [Fact]
    public void GivenOneVote_WhenSecondAgreeingVoteReachesQuorum_ThenConsensusWithStatusChangedEvent()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True));

        var decision = When(state, Vote(Carol, Verdict.True));

        Assert.Collection(
            decision.Events,
            e => Assert.Equal(state.Version + 1, Assert.IsType<VoteCast>(e).Sequence),
            e =>
            {
                var changed = Assert.IsType<ClaimStatusChanged>(e);
                Assert.Equal(state.Version + 2, changed.Sequence);
                Assert.Equal(ClaimStatus.Open, changed.From);
                Assert.Equal(ClaimStatus.Consensus, changed.To);
                Assert.Equal("carol", changed.ActorId);
            });
        state = Then(state, decision);
        Assert.Equal(ClaimStatus.Consensus, AnnotationOf(state).Status);
        Assert.Equal(new StatusChange(ClaimStatus.Open, ClaimStatus.Consensus, "carol", Now), Assert.Single(AnnotationOf(state).StatusHistory));
    }

    [Fact]
    public void GivenOneVote_WhenSecondVoteDisagreesAtQuorum_ThenDisputed()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True));

        state = Then(state, When(state, Vote(Carol, Verdict.MostlyFalse)));

        Assert.Equal(ClaimStatus.Disputed, AnnotationOf(state).Status);
    }

    [Fact]
    public void GivenConsensus_WhenAVoterChangesTheirVerdict_ThenStatusFlipsToDisputed()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.True));

        var decision = When(state, Vote(Bob, Verdict.False, rationale: "Misread the table."));

        var cast = Assert.IsType<VoteCast>(decision.Events[0]);
        Assert.Equal(Verdict.True, cast.PreviousVerdict);
        var changed = Assert.IsType<ClaimStatusChanged>(decision.Events[1]);
        Assert.Equal((ClaimStatus.Consensus, ClaimStatus.Disputed), (changed.From, changed.To));
        state = Then(state, decision);
        var annotation = AnnotationOf(state);
        Assert.Equal(ClaimStatus.Disputed, annotation.Status);
        Assert.Equal(2, annotation.Votes.Length);
        Assert.Equal(Verdict.False, annotation.FindVote("bob")!.Verdict);
        Assert.Equal(Now, annotation.FindVote("bob")!.ChangedAt);
        Assert.NotEqual(Now, annotation.FindVote("bob")!.CastAt);
    }

    [Fact]
    public void GivenDisputed_WhenAVoterChangesToAgree_ThenStatusFlipsBackToConsensus()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.Mixed));

        state = Then(state, When(state, Vote(Carol, Verdict.True)));

        Assert.Equal(ClaimStatus.Consensus, AnnotationOf(state).Status);
        Assert.Equal(2, AnnotationOf(state).StatusHistory.Length);
    }

    [Fact]
    public void GivenVote_WhenOnlyTheRationaleChanges_ThenVoteCastWithoutStatusChange()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.True));

        var cast = ThenSingle<VoteCast>(state, When(state, Vote(Bob, Verdict.True, rationale: "Added source.")), Bob);

        Assert.Equal(Verdict.True, cast.PreviousVerdict);
    }

    [Fact]
    public void GivenVote_WhenTheSameVoteIsCastAgain_ThenAcceptedWithNoEvents()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True, rationale: "Same."));

        var decision = When(state, Vote(Bob, Verdict.True, rationale: "Same."));

        Assert.True(decision.IsAccepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void GivenQuorumOfOne_WhenFirstVoteIsCast_ThenConsensus()
    {
        var state = Given(Create(quorum: 1), Claim());

        state = Then(state, When(state, Vote(Bob, Verdict.Unproven)));

        Assert.Equal(ClaimStatus.Consensus, AnnotationOf(state).Status);
    }

    [Fact]
    public void GivenQuorumOfThree_WhenTwoVotesDisagree_ThenStillOpen()
    {
        var state = Given(Create(quorum: 3), Claim(), Vote(Bob, Verdict.True));

        var decision = When(state, Vote(Carol, Verdict.False));

        Assert.IsType<VoteCast>(Assert.Single(decision.Events));
    }

    [Fact]
    public void GivenComment_WhenVotedOn_ThenNotAClaim()
    {
        var state = Given(Create(), Comment());

        ThenRejected(When(state, Vote(Bob, Verdict.True, "n1")), DomainErrorKind.Invalid, ErrorCodes.NotAClaim);
    }

    [Fact]
    public void GivenResolvedClaim_WhenVotedOn_ThenConflictSayingAModeratorMustReopen()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.True), new ResolveClaim(Mona, "c1", Verdict.True, "Matches BLS."));

        var error = ThenRejected(When(state, Vote(Alice, Verdict.False)), DomainErrorKind.Conflict, ErrorCodes.ClaimResolved);
        ThenRejected(When(state, Vote(Bob, Verdict.False)), DomainErrorKind.Conflict, ErrorCodes.ClaimResolved);

        Assert.Contains("moderator must reopen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenClaim_WhenViewerVotes_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, Vote(Vic, Verdict.True)), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenClaim_WhenRationaleIsTooLarge_ThenTooLarge()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, Vote(Bob, Verdict.True, rationale: new string('r', 20_001))), DomainErrorKind.TooLarge, ErrorCodes.RationaleTooLarge);
    }

    [Fact]
    public void GivenClaim_WhenVerdictIsUndefined_ThenInvalid()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, Vote(Bob, (Verdict)17)), DomainErrorKind.Invalid, ErrorCodes.ValueUnknown);
    }

    [Fact]
    public void GivenClaim_WhenModeratorAndAuthorVote_ThenEachHasOneVote()
    {
        var state = Given(Create(quorum: 3), Claim(), Vote(Alice, Verdict.True), Vote(Mona, Verdict.True), Vote(Alice, Verdict.MostlyTrue));

        var votes = AnnotationOf(state).Votes;

        Assert.Equal(["alice", "mona"], votes.Select(v => v.UserId));
        Assert.Equal(ClaimStatus.Open, AnnotationOf(state).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void GivenAWorkspaceThatRequiresARationale_WhenAVoteHasNone_ThenRationaleRequiredAndNoVote(string rationale)
    {
        var state = Given(Create(), Claim());

        var error = ThenRejected(When(state, new CastVote(Bob, "c1", Verdict.True, rationale, RequireRationale: true)), DomainErrorKind.Invalid, ErrorCodes.RationaleRequired);

        Assert.Contains("rationale", error.Message, StringComparison.Ordinal);
        Assert.Empty(AnnotationOf(state).Votes);
    }

    [Fact]
    public void GivenAWorkspaceThatRequiresARationale_WhenAVoteHasOne_ThenVoteCast()
    {
        var state = Given(Create(), Claim());

        var cast = ThenSingle<VoteCast>(state, When(state, new CastVote(Bob, "c1", Verdict.False, "BLS says 3.7.", RequireRationale: true)), Bob);

        Assert.Equal("BLS says 3.7.", cast.Rationale);
    }

    [Fact]
    public void GivenACommandThatSaysNothingAboutTheSetting_WhenAVoteHasNoRationale_ThenRequiredByDefault()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new CastVote(Bob, "c1", Verdict.True)), DomainErrorKind.Invalid, ErrorCodes.RationaleRequired);
    }

    [Fact]
    public void GivenAWorkspaceThatDoesNotRequireARationale_WhenAVoteHasNone_ThenVoteCast()
    {
        var state = Given(Create(), Claim());

        var cast = ThenSingle<VoteCast>(state, When(state, new CastVote(Bob, "c1", Verdict.True, "", RequireRationale: false)), Bob);

        Assert.Equal(string.Empty, cast.Rationale);
    }

    [Fact]
    public void GivenAVoteWithARationale_WhenTheVoterChangesOnlyTheVerdictKeepingTheRationale_ThenTheRationaleStays()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True, rationale: "Matches BLS.", requireRationale: true));

        state = Then(state, When(state, new CastVote(Bob, "c1", Verdict.MostlyTrue, "Matches BLS.", RequireRationale: true)));

        var vote = AnnotationOf(state).FindVote("bob")!;
        Assert.Equal(Verdict.MostlyTrue, vote.Verdict);
        Assert.Equal("Matches BLS.", vote.Rationale);
    }
}
