using System.Collections.Immutable;

namespace AnnotateHub.Domain.Tests;

public sealed class VoteVisibilityTests
{
    private static readonly Actor Alice = DocumentTests.Alice;
    private static readonly Actor Bob = DocumentTests.Bob;
    private static readonly Actor Carol = DocumentTests.Carol;
    private static readonly Actor Mona = DocumentTests.Mona;

    /// <summary>A claim by Alice on which Bob voted true and Carol false (disputed).</summary>
    private static Annotation DisputedClaim(params DocumentCommand[] more) =>
        DocumentTests.AnnotationOf(DocumentTests.Given(
            [
                DocumentTests.Create(),
                DocumentTests.Claim(),
                DocumentTests.Vote(Bob, Verdict.True, rationale: "Matches BLS."),
                DocumentTests.Vote(Carol, Verdict.False, rationale: "Wrong year."),
                .. more,
            ]));

    private static string[] Voters(ImmutableArray<Vote> votes) => [.. votes.Select(v => v.UserId)];

    [Theory]
    [InlineData("alice", WorkspaceRole.Reviewer)]
    [InlineData("vic", WorkspaceRole.Viewer)]
    [InlineData("mona", WorkspaceRole.Moderator)]
    public void GivenBlindVotingOff_WhenAnyoneLooks_ThenTheySeeEveryVote(string userId, WorkspaceRole role)
    {
        var claim = DisputedClaim();

        Assert.Equal<string>(["bob", "carol"], Voters(VoteVisibility.VisibleVotes(claim, userId, blindVoting: false, role)));
        Assert.True(VoteVisibility.CanSeeStatusDetails(claim, userId, blindVoting: false, role));
    }

    [Fact]
    public void GivenBlindVoting_WhenAReviewerWhoHasNotVotedLooks_ThenTheySeeNoVotesAndNoStatusDetails()
    {
        var claim = DisputedClaim();

        Assert.Empty(VoteVisibility.VisibleVotes(claim, "alice", blindVoting: true, WorkspaceRole.Reviewer));
        Assert.False(VoteVisibility.CanSeeOthersVotes(claim, "alice", blindVoting: true, WorkspaceRole.Reviewer));
        Assert.False(VoteVisibility.CanSeeStatusDetails(claim, "alice", blindVoting: true, WorkspaceRole.Reviewer));
    }

    [Fact]
    public void GivenBlindVoting_WhenAReviewerHasCastTheirVote_ThenTheySeeEveryVote()
    {
        var claim = DisputedClaim(DocumentTests.Vote(Alice, Verdict.Mixed));

        Assert.Equal<string>(["bob", "carol", "alice"], Voters(VoteVisibility.VisibleVotes(claim, "alice", blindVoting: true, WorkspaceRole.Reviewer)));
        Assert.True(VoteVisibility.CanSeeStatusDetails(claim, "alice", blindVoting: true, WorkspaceRole.Reviewer));
    }

    [Theory]
    [InlineData(WorkspaceRole.Moderator)]
    [InlineData(WorkspaceRole.Admin)]
    public void GivenBlindVoting_WhenAModeratorOrAdminWhoHasNotVotedNorRevealedLooks_ThenTheySeeNoVotesAndMustRevealToRule(WorkspaceRole role)
    {
        var claim = DisputedClaim();

        Assert.Empty(VoteVisibility.VisibleVotes(claim, "mona", blindVoting: true, role));
        Assert.False(VoteVisibility.CanSeeStatusDetails(claim, "mona", blindVoting: true, role));
        Assert.True(VoteVisibility.MustRevealToRule(claim, "mona", blindVoting: true, role));
    }

    [Fact]
    public void GivenBlindVoting_WhenAModeratorHasVoted_ThenTheySeeEveryVote()
    {
        var claim = DisputedClaim(DocumentTests.Vote(Mona, Verdict.Mixed, rationale: "Both."));

        Assert.Equal<string>(["bob", "carol", "mona"], Voters(VoteVisibility.VisibleVotes(claim, "mona", blindVoting: true, WorkspaceRole.Moderator)));
        Assert.False(VoteVisibility.MustRevealToRule(claim, "mona", blindVoting: true, WorkspaceRole.Moderator));
    }

    [Fact]
    public void GivenBlindVoting_WhenAModeratorRevealedTheVotesToRule_ThenTheySeeEveryVoteAndOthersStillDoNot()
    {
        var claim = DisputedClaim(new RevealVotes(Mona, "c1"));

        Assert.Equal<string>(["bob", "carol"], Voters(VoteVisibility.VisibleVotes(claim, "mona", blindVoting: true, WorkspaceRole.Moderator)));
        Assert.True(VoteVisibility.CanSeeStatusDetails(claim, "mona", blindVoting: true, WorkspaceRole.Moderator));
        Assert.Empty(VoteVisibility.VisibleVotes(claim, "alice", blindVoting: true, WorkspaceRole.Reviewer));
        Assert.Empty(VoteVisibility.VisibleVotes(claim, "ada", blindVoting: true, WorkspaceRole.Admin));
    }

    [Fact]
    public void GivenBlindVotingOff_WhenAModeratorLooks_ThenNoRevealIsNeeded()
    {
        Assert.False(VoteVisibility.MustRevealToRule(DisputedClaim(), "mona", blindVoting: false, WorkspaceRole.Moderator));
    }

    [Fact]
    public void GivenBlindVoting_WhenAViewerLooksBeforeTheRuling_ThenTheySeeNoVotes()
    {
        var claim = DisputedClaim();

        Assert.Empty(VoteVisibility.VisibleVotes(claim, "vic", blindVoting: true, WorkspaceRole.Viewer));
    }

    [Theory]
    [InlineData("alice", WorkspaceRole.Reviewer)]
    [InlineData("vic", WorkspaceRole.Viewer)]
    public void GivenBlindVotingAndAResolvedClaim_WhenSomeoneWhoNeverVotedLooks_ThenTheySeeEveryVote(string userId, WorkspaceRole role)
    {
        var claim = DisputedClaim(new ResolveClaim(Mona, "c1", Verdict.False, "Wrong year."));

        Assert.Equal<string>(["bob", "carol"], Voters(VoteVisibility.VisibleVotes(claim, userId, blindVoting: true, role)));
        Assert.True(VoteVisibility.CanSeeStatusDetails(claim, userId, blindVoting: true, role));
    }

    [Fact]
    public void GivenBlindVotingAndAClaimResolvedThenReopened_WhenAReviewerWhoNeverVotedLooks_ThenTheVotesStayVisible()
    {
        var claim = DisputedClaim(new ResolveClaim(Mona, "c1", Verdict.False, "Wrong year."), new ReopenClaim(Mona, "c1", "New data."));

        Assert.Equal(ClaimStatus.Disputed, claim.Status);
        Assert.Equal<string>(["bob", "carol"], Voters(VoteVisibility.VisibleVotes(claim, "alice", blindVoting: true, WorkspaceRole.Reviewer)));
    }

    [Fact]
    public void GivenBlindVoting_WhenTheViewerIdIsEmpty_ThenNoVotesAreShown()
    {
        var claim = DisputedClaim();

        Assert.Empty(VoteVisibility.VisibleVotes(claim, "", blindVoting: true, WorkspaceRole.Reviewer));
    }
}
