using System.Collections.Immutable;

namespace AnnotateHub.Domain.Tests.Statistics;

public sealed class AgreementTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static Vote V(string user, Verdict verdict) => new() { UserId = user, Verdict = verdict, CastAt = At };

    private static ClaimVotes Claim(string id, Verdict? ruling, bool disputed, params Vote[] votes) =>
        new("doc-1", id, [.. votes], ruling, disputed, Decided: votes.Length >= 2);

    // c1: consensus (ann, ben agree); c2: disputed then resolved "false" (ann false, ben mixed, cat false);
    // c3: one vote only; c4: disputed, not resolved (ann true, cat unproven).
    private static readonly ImmutableArray<ClaimVotes> Claims =
    [
        Claim("c1", null, false, V("ann", Verdict.MostlyTrue), V("ben", Verdict.MostlyTrue)),
        Claim("c2", Verdict.False, true, V("ann", Verdict.False), V("ben", Verdict.Mixed), V("cat", Verdict.False)),
        Claim("c3", null, false, V("ben", Verdict.True)),
        Claim("c4", null, true, V("ann", Verdict.True), V("cat", Verdict.Unproven)),
    ];

    [Fact]
    public void GivenClaimsWithVotes_WhenSummarised_ThenPairsRulingsAndDisputesAreCounted()
    {
        var summary = Agreement.Summarize(Claims);

        Assert.Equal(4, summary.Claims);
        Assert.Equal(3, summary.ClaimsWithTwoVotes);
        Assert.Equal(8, summary.Votes);
        Assert.Equal(new Share(2, 5), summary.PercentAgreement); // c1: 1 of 1; c2: 1 of 3; c4: 0 of 1
        Assert.Equal(new Share(2, 3), summary.RulingAgreement); // c2: ann and cat match "false", ben does not
        Assert.Equal(new Share(2, 3), summary.DisputedRate); // c2 and c4 of the three decided claims
        Assert.NotNull(summary.Alpha); // over c1 and c2 (c4 has one rated vote: "unproven" has no rating)
        Assert.Equal(
            Krippendorff.Alpha([[4, 4], [1, 3, 1], [5]], MeasurementLevel.Ordinal),
            summary.Alpha);
    }

    [Fact]
    public void GivenClaimsWithVotes_WhenGroupedByReviewer_ThenEachReviewerHasTheirOwnShares()
    {
        var reviewers = Agreement.ByReviewer(Claims).ToDictionary(r => r.UserId);

        Assert.Equal(["ann", "ben", "cat"], Agreement.ByReviewer(Claims).Select(r => r.UserId));
        Assert.Equal(3, reviewers["ann"].Votes);
        Assert.Equal(new Share(2, 4), reviewers["ann"].WithOthers); // c1 ben agrees; c2 ben no, cat yes; c4 cat no
        Assert.Equal(new Share(1, 1), reviewers["ann"].WithRulings);
        Assert.Equal(new Share(0, 1), reviewers["ben"].WithRulings);
        Assert.Equal(new Share(2, 2), reviewers["cat"].DisputedRate);
        Assert.Equal(new Share(1, 2), reviewers["ben"].DisputedRate); // c1 and c2 decided; c3 not
    }

    [Fact]
    public void GivenNoVotes_ThenSharesAndAlphaAreUndefinedRatherThanZero()
    {
        var summary = Agreement.Summarize([Claim("c1", null, false)]);

        Assert.Null(summary.PercentAgreement.Rate);
        Assert.Null(summary.Alpha);
        Assert.Null(summary.DisputedRate.Rate);
    }
}
