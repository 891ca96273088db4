namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenDisputedClaim_WhenModeratorResolves_ThenStatusIsResolved()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False, rationale: "Wrong year."));

        var resolved = ThenSingle<ClaimResolved>(state, When(state, new ResolveClaim(Mona, "c1", Verdict.True, "BLS table A-1 confirms it.")), Mona);
        state = Then(state, Decision.Accept(resolved));

        var annotation = AnnotationOf(state);
        Assert.Equal(ClaimStatus.Resolved, annotation.Status);
        Assert.NotNull(annotation.Resolution);
        Assert.Equal(Verdict.True, annotation.Resolution.Verdict);
        Assert.Equal("BLS table A-1 confirms it.", annotation.Resolution.Rationale);
        Assert.Equal("mona", annotation.Resolution.ResolvedBy);
        Assert.Equal(Now, annotation.Resolution.ResolvedAt);
        Assert.Equal(new StatusChange(ClaimStatus.Disputed, ClaimStatus.Resolved, "mona", Now, "BLS table A-1 confirms it."), annotation.StatusHistory[^1]);
    }

    [Fact]
    public void GivenDisputedClaim_WhenResolved_ThenTheMinorityVotesAreRecorded()
    {
        var state = Given(Create(quorum: 3), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False, rationale: "Wrong year."), Vote(Alice, Verdict.Mixed));

        var resolved = ThenSingle<ClaimResolved>(state, When(state, new ResolveClaim(Ada, "c1", Verdict.True, "Confirmed.")), Ada);
        state = Then(state, Decision.Accept(resolved));

        Assert.Equal(ClaimStatus.Disputed, resolved.From);
        var minority = AnnotationOf(state).Resolution!.MinorityVotes;
        Assert.Equal(["carol", "alice"], minority.Select(v => v.UserId));
        Assert.Equal("Wrong year.", minority[0].Rationale);
        Assert.Equal(Verdict.False, minority[0].Verdict);
    }

    [Fact]
    public void GivenConsensusClaim_WhenModeratorRulesWithTheConsensusVerdict_ThenResolvedWithNoMinority()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.Unproven), Vote(Carol, Verdict.Unproven));

        var resolved = ThenSingle<ClaimResolved>(state, When(state, new ResolveClaim(Mona, "c1", Verdict.Unproven, "No data either way.")), Mona);
        state = Then(state, Decision.Accept(resolved));

        Assert.Equal(ClaimStatus.Consensus, resolved.From);
        Assert.Equal(ClaimStatus.Resolved, AnnotationOf(state).Status);
        Assert.Empty(AnnotationOf(state).Resolution!.MinorityVotes);
    }

    [Fact]
    public void GivenConsensusClaim_WhenModeratorOverrulesTheConsensus_ThenResolvedWithEveryVoteInTheMinority()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.True));

        var resolved = ThenSingle<ClaimResolved>(state, When(state, new ResolveClaim(Mona, "c1", Verdict.MostlyTrue, "Rounded: 3.5 was 3.54.")), Mona);

        Assert.Equal(ClaimStatus.Consensus, resolved.From);
        Assert.Equal(["bob", "carol"], resolved.MinorityVotes.Select(v => v.UserId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void GivenOpenClaimBelowTheQuorum_WhenModeratorResolves_ThenConflictSayingHowManyVotesItHasAndNothingChanges(int votes)
    {
        var state = votes == 0 ? Given(Create(), Claim()) : Given(Create(), Claim(), Vote(Bob, Verdict.True));

        var error = ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, "BLS table A-1 confirms it.")), DomainErrorKind.Conflict, ErrorCodes.ClaimVotingOpen);

        Assert.Contains($"{votes} of the 2 vote(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.Open, AnnotationOf(state).Status);
        Assert.Null(AnnotationOf(state).Resolution);
    }

    [Fact]
    public void GivenOpenClaimWithAllButOneVoteOfAHigherQuorum_WhenAdminResolves_ThenConflictNamingThatQuorum()
    {
        var state = Given(Create(quorum: 3), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        var error = ThenRejected(When(state, new ResolveClaim(Ada, "c1", Verdict.Mixed, "Both partly right.")), DomainErrorKind.Conflict, ErrorCodes.ClaimVotingOpen);

        Assert.Contains("2 of the 3 vote(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOpenClaim_WhenTheLastVoteReachesTheQuorum_ThenTheRulingIsAccepted()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True));
        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed.")), DomainErrorKind.Conflict, ErrorCodes.ClaimVotingOpen);

        state = Then(state, When(state, Vote(Carol, Verdict.False)));

        Assert.Equal(ClaimStatus.Disputed, AnnotationOf(state).Status);
        Assert.Equal(ClaimStatus.Disputed, ThenSingle<ClaimResolved>(state, When(state, new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed.")), Mona).From);
    }

    [Fact]
    public void GivenAClaimRuledWhileOpenBeforeRulingsNeededTheQuorum_WhenItsEventsAreFolded_ThenItLoadsResolved()
    {
        var state = RuledWhileOpenBeforeTheQuorumRule(Given(Create(), Claim()));

        var annotation = AnnotationOf(state);
        Assert.Equal(ClaimStatus.Resolved, annotation.Status);
        Assert.Equal(Verdict.True, annotation.Resolution!.Verdict);
        Assert.Equal(new StatusChange(ClaimStatus.Open, ClaimStatus.Resolved, "mona", Now, "Confirmed."), annotation.StatusHistory[^1]);
        ThenRejected(When(state, new ResolveClaim(Ada, "c1", Verdict.False, "Again.")), DomainErrorKind.Conflict, ErrorCodes.ClaimResolved);
    }

    [Fact]
    public void GivenDisputedClaim_WhenReviewerResolves_ThenForbidden()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        ThenRejected(When(state, new ResolveClaim(Alice, "c1", Verdict.True, "I wrote it.")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void GivenDisputedClaim_WhenResolvedWithoutRationale_ThenRationaleRequired(string rationale)
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, rationale)), DomainErrorKind.Invalid, ErrorCodes.RationaleRequired);
    }

    [Fact]
    public void GivenDisputedClaim_WhenRulingRationaleIsTooLarge_ThenTooLarge()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, new string('r', 20_001))), DomainErrorKind.TooLarge, ErrorCodes.RationaleTooLarge);
    }

    [Fact]
    public void GivenResolvedClaim_WhenResolvedAgain_ThenConflict()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False), new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed."));

        ThenRejected(When(state, new ResolveClaim(Ada, "c1", Verdict.False, "Actually no.")), DomainErrorKind.Conflict, ErrorCodes.ClaimResolved);
    }

    [Fact]
    public void GivenComment_WhenResolved_ThenNotAClaim()
    {
        var state = Given(Create(), Comment());

        ThenRejected(When(state, new ResolveClaim(Mona, "n1", Verdict.True, "Fine.")), DomainErrorKind.Invalid, ErrorCodes.NotAClaim);
    }

    [Fact]
    public void GivenDisputedClaim_WhenRuledWithAVerdictAndARationale_ThenBothAreRecordedEvenWhereVotesNeedNone()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        var resolved = ThenSingle<ClaimResolved>(state, When(state, new ResolveClaim(Mona, "c1", Verdict.Mixed, "Both partly right.")), Mona);

        Assert.Equal(Verdict.Mixed, resolved.Verdict);
        Assert.Equal("Both partly right.", resolved.Rationale);
    }

    [Fact]
    public void GivenDisputedClaim_WhenRuledWithoutRationale_ThenRationaleRequiredAndStillDisputed()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, " ")), DomainErrorKind.Invalid, ErrorCodes.RationaleRequired);
        Assert.Equal(ClaimStatus.Disputed, AnnotationOf(state).Status);
    }
}
