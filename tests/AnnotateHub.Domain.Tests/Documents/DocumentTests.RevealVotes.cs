namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    [Fact]
    public void GivenDisputedClaim_WhenAModeratorRevealsTheVotes_ThenVotesRevealedIsRecordedForThem()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), Vote(Carol, Verdict.False));

        var revealed = ThenSingle<VotesRevealed>(state, When(state, new RevealVotes(Mona, "c1")), Mona);
        state = Then(state, Decision.Accept(revealed));

        Assert.Equal("c1", revealed.AnnotationId);
        Assert.Equal<string>(["mona"], AnnotationOf(state).VotesRevealedTo);
        Assert.True(AnnotationOf(state).HasRevealedVotes("mona"));
    }

    [Fact]
    public void GivenRevealedVotes_WhenTheModeratorRevealsAgain_ThenNoEvents()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True), new RevealVotes(Mona, "c1"));

        var decision = When(state, new RevealVotes(Mona, "c1"));

        Assert.True(decision.IsAccepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void GivenAModeratorWhoVoted_WhenTheyReveal_ThenNoEvents()
    {
        var state = Given(Create(), Claim(), Vote(Mona, Verdict.True));

        Assert.Empty(When(state, new RevealVotes(Mona, "c1")).Events);
    }

    [Fact]
    public void GivenClaim_WhenAReviewerRevealsTheVotes_ThenForbidden()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True));

        ThenRejected(When(state, new RevealVotes(Carol, "c1")), DomainErrorKind.Forbidden, ErrorCodes.RoleForbidden);
    }

    [Fact]
    public void GivenComment_WhenVotesAreRevealed_ThenNotAClaim()
    {
        var state = Given(Create(), Comment());

        ThenRejected(When(state, new RevealVotes(Mona, "n1")), DomainErrorKind.Invalid, ErrorCodes.NotAClaim);
    }
}
