namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenResolvedDisputedClaim_WhenModeratorReopens_ThenStatusIsRecomputedFromVotes()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False), new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed."));

        var reopened = ThenSingle<ClaimReopened>(state, When(state, new ReopenClaim(Ada, "c1", "New evidence.")), Ada);
        state = Then(state, Decision.Accept(reopened));

        Assert.Equal(ClaimStatus.Disputed, reopened.To);
        var annotation = AnnotationOf(state);
        Assert.Equal(ClaimStatus.Disputed, annotation.Status);
        Assert.Null(annotation.Resolution);
        Assert.Equal(new StatusChange(ClaimStatus.Resolved, ClaimStatus.Disputed, "ada", Now, "New evidence."), annotation.StatusHistory[^1]);
    }

    [Fact]
    public void GivenResolvedConsensusClaim_WhenReopenedWithAReason_ThenConsensusAgainAndTheReasonIsInTheHistory()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.True), new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed."));

        var reopened = ThenSingle<ClaimReopened>(state, When(state, new ReopenClaim(Mona, "c1", "The agency corrected its figures.")), Mona);
        state = Then(state, Decision.Accept(reopened));

        Assert.Equal(ClaimStatus.Consensus, reopened.To);
        Assert.Equal("The agency corrected its figures.", reopened.Rationale);
        Assert.Equal("The agency corrected its figures.", AnnotationOf(state).StatusHistory[^1].Reason);
    }

    [Fact]
    public void GivenAClaimRuledWhileOpenBeforeRulingsNeededTheQuorum_WhenReopened_ThenOpenAgainAndItCannotBeRuledOnUntilTheVotesReachTheQuorum()
    {
        var state = RuledWhileOpenBeforeTheQuorumRule(Given(Create(), Claim()));

        var reopened = ThenSingle<ClaimReopened>(state, When(state, new ReopenClaim(Mona, "c1", "Ruled before anyone voted.")), Mona);
        state = Then(state, Decision.Accept(reopened));

        Assert.Equal(ClaimStatus.Open, reopened.To);
        Assert.Equal(ClaimStatus.Open, AnnotationOf(state).Status);
        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed.")), DomainErrorKind.Conflict, ErrorCodes.ClaimVotingOpen);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void GivenResolvedClaim_WhenReopenedWithoutAReason_ThenRationaleRequiredAndStillResolved(string? reason)
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False), new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed."));

        ThenRejected(When(state, new ReopenClaim(Mona, "c1", reason)), DomainErrorKind.Invalid, ErrorCodes.RationaleRequired);
        Assert.Equal(ClaimStatus.Resolved, AnnotationOf(state).Status);
    }

    [Fact]
    public void GivenAClaimReopenedBeforeReasonsWereRequired_WhenItsEventsAreFolded_ThenItLoadsWithNoReason()
    {
        var state = RuledWhileOpenBeforeTheQuorumRule(Given(Create(), Claim()));
        var old = DomainJson.DeserializeEvent(ClaimReopened.TypeName,
            """{"actorId":"mona","at":"2025-03-14T09:26:53+00:00","sequence":4,"annotationId":"c1","to":"open"}"""u8);

        state = DocumentDecider.Evolve(state, old);

        Assert.Equal(ClaimStatus.Open, AnnotationOf(state).Status);
        Assert.Null(AnnotationOf(state).StatusHistory[^1].Reason);
    }

    [Fact]
    public void GivenReopenedClaim_WhenAVoterChangesTheirVote_ThenAccepted()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False), new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed."), new ReopenClaim(Mona, "c1", "New data."));

        state = Then(state, When(state, Vote(Carol, Verdict.True)));

        Assert.Equal(ClaimStatus.Consensus, AnnotationOf(state).Status);
    }

    [Fact]
    public void GivenUnresolvedClaim_WhenReopened_ThenConflict()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        ThenRejected(When(state, new ReopenClaim(Mona, "c1")), DomainErrorKind.Conflict, ErrorCodes.ClaimNotResolved);
    }

    [Fact]
    public void GivenResolvedClaim_WhenReviewerReopens_ThenForbidden()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False), new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed."));

        ThenRejected(When(state, new ReopenClaim(Bob, "c1", "Disagree.")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenComment_WhenReopened_ThenNotAClaim()
    {
        var state = Given(Create(), Comment());

        ThenRejected(When(state, new ReopenClaim(Mona, "n1")), DomainErrorKind.Invalid, ErrorCodes.NotAClaim);
    }
}
