using AnnotateHub.Domain;
using AnnotateHub.Grains.Tests.Infrastructure;
using static AnnotateHub.Grains.Tests.Infrastructure.Scenario;

namespace AnnotateHub.Grains.Tests;

/// <summary>A claim's life through the document grain: highlight, discuss, source, vote, rule, reopen.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ClaimWorkflowTests(SharedCluster cluster)
{
    [Fact]
    public async Task GivenNewDocument_WhenTeamHighlightsRepliesAttachesSourceAndTwoReviewersAgree_ThenClaimIsConsensus()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = host.Document(doc1);

        var created = await document.CreateAsync(Create(doc1));
        var highlighted = await document.HighlightAsync(Claim());
        var replied = await document.ReplyAsync(new AddReply(Bob, "c1", "r1", "Which table is that from?"));
        var attached = await document.AttachSourceAsync(UrlSource());
        var firstVote = await document.CastVoteAsync(Vote(Alice, Verdict.True));
        var secondVote = await document.CastVoteAsync(Vote(Bob, Verdict.True));

        Assert.Equal([1L, 2, 3, 4, 5, 7], [created.Version, highlighted.Version, replied.Version, attached.Version, firstVote.Version, secondVote.Version]);
        Assert.Equal("c1", highlighted.AnnotationId);
        Assert.IsType<VoteCast>(Assert.Single(firstVote.Events));
        Assert.Collection(
            secondVote.Events,
            e => Assert.IsType<VoteCast>(e),
            e =>
            {
                var changed = Assert.IsType<ClaimStatusChanged>(e);
                Assert.Equal((ClaimStatus.Open, ClaimStatus.Consensus), (changed.From, changed.To));
            });

        var state = await document.GetSnapshotAsync();
        Assert.Equal(7, state.Version);
        var claim = Assert.Single(state.Annotations);
        Assert.Equal(ClaimStatus.Consensus, claim.Status);
        Assert.Equal("fell to 3.5 percent", claim.Target.Quote.Exact);
        Assert.Equal("Which table is that from?", Assert.Single(claim.Replies).Body);
        var source = Assert.Single(claim.Sources);
        Assert.Equal(("https://www.bls.gov/cps/", "bob"), (source.Url, source.AddedBy));
        Assert.Equal(["alice", "bob"], claim.Votes.Select(v => v.UserId));
        Assert.Equal(ManualClock.Start, claim.Votes[1].CastAt);
    }

    [Fact]
    public async Task GivenClaim_WhenTwoReviewersVoteDifferently_ThenClaimIsDisputed()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);

        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        var second = await document.CastVoteAsync(Vote(Bob, Verdict.MostlyTrue));

        var changed = Assert.IsType<ClaimStatusChanged>(second.Events[^1]);
        Assert.Equal(ClaimStatus.Disputed, changed.To);
        Assert.Equal(ClaimStatus.Disputed, Assert.Single((await document.GetSnapshotAsync()).Annotations).Status);
    }

    [Fact]
    public async Task GivenDisputedClaim_WhenModeratorResolves_ThenClaimIsResolvedWithTheMinorityVotes()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        await document.CastVoteAsync(Vote(Bob, Verdict.MostlyTrue));

        var ruling = await document.ResolveAsync(new ResolveClaim(Mona, "c1", Verdict.False, "BLS table A-1 says 3.5 percent in September only."));

        Assert.IsType<ClaimResolved>(Assert.Single(ruling.Events));
        var claim = Assert.Single((await document.GetSnapshotAsync()).Annotations);
        Assert.Equal(ClaimStatus.Resolved, claim.Status);
        Assert.NotNull(claim.Resolution);
        Assert.Equal((Verdict.False, "mona"), (claim.Resolution.Verdict, claim.Resolution.ResolvedBy));
        var minority = Assert.Single(claim.Resolution.MinorityVotes);
        Assert.Equal(("bob", Verdict.MostlyTrue), (minority.UserId, minority.Verdict));
        Assert.Equal(
            [ClaimStatus.Disputed, ClaimStatus.Resolved],
            claim.StatusHistory.Select(h => h.To));
    }

    [Fact]
    public async Task GivenResolvedClaim_WhenModeratorReopens_ThenStatusIsRecomputedFromTheVotes()
    {
        var host = cluster.Host;
        var doc1 = Fresh.Id("doc");
        var document = await host.DocumentWithClaimAsync(doc1);
        await document.CastVoteAsync(Vote(Alice, Verdict.False));
        await document.CastVoteAsync(Vote(Bob, Verdict.MostlyTrue));
        await document.ResolveAsync(new ResolveClaim(Mona, "c1", Verdict.False, "Ruled."));

        var reopened = await document.ReopenAsync(new ReopenClaim(Mona, "c1", "New data came out."));

        Assert.Equal(ClaimStatus.Disputed, Assert.IsType<ClaimReopened>(Assert.Single(reopened.Events)).To);
        var claim = Assert.Single((await document.GetSnapshotAsync()).Annotations);
        Assert.Equal(ClaimStatus.Disputed, claim.Status);
        Assert.Null(claim.Resolution);

        var changedVote = await document.CastVoteAsync(Vote(Bob, Verdict.False));
        Assert.Equal(ClaimStatus.Consensus, Assert.IsType<ClaimStatusChanged>(changedVote.Events[^1]).To);
    }
}
