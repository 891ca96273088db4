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
    public void GivenOpenClaimWithoutVotes_WhenModeratorResolves_ThenResolvedWithNoMinority()
    {
        var state = Given(Create(), Claim());

        state = Then(state, When(state, new ResolveClaim(Mona, "c1", Verdict.Unproven, "No data either way.")));

        Assert.Equal(ClaimStatus.Resolved, AnnotationOf(state).Status);
        Assert.Empty(AnnotationOf(state).Resolution!.MinorityVotes);
    }

    [Fact]
    public void GivenClaim_WhenReviewerResolves_ThenForbidden()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new ResolveClaim(Alice, "c1", Verdict.True, "I wrote it.")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void GivenClaim_WhenResolvedWithoutRationale_ThenRationaleRequired(string rationale)
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, rationale)), DomainErrorKind.Invalid, ErrorCodes.RationaleRequired);
    }

    [Fact]
    public void GivenClaim_WhenRulingRationaleIsTooLarge_ThenTooLarge()
    {
        var state = Given(Create(), Claim());

        ThenRejected(When(state, new ResolveClaim(Mona, "c1", Verdict.True, new string('r', 20_001))), DomainErrorKind.TooLarge, ErrorCodes.RationaleTooLarge);
    }

    [Fact]
    public void GivenResolvedClaim_WhenResolvedAgain_ThenConflict()
    {
        var state = Given(Create(), Claim(), new ResolveClaim(Mona, "c1", Verdict.True, "Confirmed."));

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
