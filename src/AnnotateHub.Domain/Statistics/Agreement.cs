using System.Collections.Immutable;

namespace AnnotateHub.Domain;

/// <summary>One claim's votes and outcome, the input of <see cref="Agreement"/>.</summary>
/// <param name="Ruling">The moderator's final verdict while the claim is resolved; null otherwise.</param>
/// <param name="WasDisputed">The claim is, or at some point was, disputed.</param>
/// <param name="Decided">The claim reached its quorum at some point (consensus, disputed or resolved).</param>
public sealed record ClaimVotes(string DocumentId, string ClaimId, ImmutableArray<Vote> Votes, Verdict? Ruling, bool WasDisputed, bool Decided);

/// <summary>A share: <see cref="Count"/> of <see cref="Of"/>; <see cref="Rate"/> is null when there is nothing to count.</summary>
public sealed record Share(int Count, int Of)
{
    public double? Rate => Of == 0 ? null : (double)Count / Of;
}

/// <summary>
/// Agreement over a set of claims (a document's, a workspace's). <see cref="PercentAgreement"/>: of all pairs of votes on
/// the same claim, the share with the same verdict. <see cref="Alpha"/>: Krippendorff's alpha on the ordinal verdict
/// scale (true 5 … false 1; "unproven" has no rating and counts as missing) over claims with two or more votes, null
/// when undefined. <see cref="RulingAgreement"/>: of the votes on resolved claims, the share equal to the ruling.
/// <see cref="DisputedRate"/>: of the claims that reached their quorum, the share that was disputed.
/// </summary>
public sealed record AgreementSummary(
    int Claims,
    int ClaimsWithTwoVotes,
    int Votes,
    Share PercentAgreement,
    double? Alpha,
    Share RulingAgreement,
    Share DisputedRate);

/// <summary>
/// One reviewer's agreement: with the others who voted on the same claims (pairs of votes), with the final rulings on the
/// resolved claims they voted on, and the share of the claims they voted on (that reached a quorum) that were disputed.
/// </summary>
public sealed record ReviewerAgreement(string UserId, int Votes, Share WithOthers, Share WithRulings, Share DisputedRate);

/// <summary>Agreement for each document of a workspace, for the workspace, and for each reviewer.</summary>
public sealed record AgreementReport(
    AgreementSummary Workspace,
    ImmutableArray<(string DocumentId, AgreementSummary Summary)> Documents,
    ImmutableArray<ReviewerAgreement> Reviewers);

/// <summary>Agreement statistics over claims' votes: pure functions, no I/O.</summary>
public static class Agreement
{
    /// <summary>The claims of a document (deleted ones left out), as <see cref="ClaimVotes"/>.</summary>
    public static IEnumerable<ClaimVotes> Claims(DocumentState document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var annotation in document.Annotations)
        {
            if (annotation.Deleted || !annotation.IsClaim())
            {
                continue;
            }

            var wasDisputed = annotation.Status == ClaimStatus.Disputed || annotation.StatusHistory.Any(s => s.To == ClaimStatus.Disputed);
            var decided = annotation.Status != ClaimStatus.Open || annotation.StatusHistory.Any(s => s.To != ClaimStatus.Open);
            yield return new ClaimVotes(document.Id, annotation.Id, annotation.Votes, annotation.Resolution?.Verdict, wasDisputed, decided);
        }
    }

    /// <summary>The statistics of <paramref name="claims"/> together.</summary>
    public static AgreementSummary Summarize(IEnumerable<ClaimVotes> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var list = claims.ToList();
        int agreeing = 0, pairs = 0, onRulings = 0, withRulings = 0;
        var units = new List<IReadOnlyList<int>>();
        foreach (var claim in list)
        {
            var votes = claim.Votes;
            for (var i = 0; i < votes.Length; i++)
            {
                for (var j = i + 1; j < votes.Length; j++)
                {
                    pairs++;
                    agreeing += votes[i].Verdict == votes[j].Verdict ? 1 : 0;
                }
            }

            if (votes.Length >= 2)
            {
                units.Add(votes.Select(v => v.Verdict.RatingValue()).OfType<int>().ToList());
            }

            if (claim.Ruling is { } ruling)
            {
                withRulings += votes.Length;
                onRulings += votes.Count(v => v.Verdict == ruling);
            }
        }

        return new AgreementSummary(
            list.Count,
            list.Count(c => c.Votes.Length >= 2),
            list.Sum(c => c.Votes.Length),
            new Share(agreeing, pairs),
            Krippendorff.Alpha(units, MeasurementLevel.Ordinal),
            new Share(onRulings, withRulings),
            new Share(list.Count(c => c.Decided && c.WasDisputed), list.Count(c => c.Decided)));
    }

    /// <summary>Each voter's agreement over <paramref name="claims"/>, most votes first.</summary>
    public static ImmutableArray<ReviewerAgreement> ByReviewer(IEnumerable<ClaimVotes> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var tallies = new Dictionary<string, int[]>(StringComparer.Ordinal); // votes, agreeing pairs, pairs, on ruling, with ruling, disputed, decided
        foreach (var claim in claims)
        {
            foreach (var vote in claim.Votes)
            {
                if (!tallies.TryGetValue(vote.UserId, out var t))
                {
                    tallies[vote.UserId] = t = new int[7];
                }

                t[0]++;
                foreach (var other in claim.Votes)
                {
                    if (other.UserId != vote.UserId)
                    {
                        t[2]++;
                        t[1] += other.Verdict == vote.Verdict ? 1 : 0;
                    }
                }

                if (claim.Ruling is { } ruling)
                {
                    t[4]++;
                    t[3] += vote.Verdict == ruling ? 1 : 0;
                }

                if (claim.Decided)
                {
                    t[6]++;
                    t[5] += claim.WasDisputed ? 1 : 0;
                }
            }
        }

        return
        [
            .. tallies
                .Select(p => new ReviewerAgreement(p.Key, p.Value[0], new Share(p.Value[1], p.Value[2]), new Share(p.Value[3], p.Value[4]), new Share(p.Value[5], p.Value[6])))
                .OrderByDescending(r => r.Votes)
                .ThenBy(r => r.UserId, StringComparer.Ordinal),
        ];
    }

    /// <summary>The whole report for a workspace's documents.</summary>
    public static AgreementReport Report(IEnumerable<DocumentState> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var byDocument = documents.Select(d => (d.Id, Claims: Claims(d).ToList())).ToList();
        var all = byDocument.SelectMany(d => d.Claims).ToList();
        return new AgreementReport(
            Summarize(all),
            [.. byDocument.Select(d => (d.Id, Summarize(d.Claims)))],
            ByReviewer(all));
    }
}
