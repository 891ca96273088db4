using System.Collections.Immutable;
using System.Globalization;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>What every report derives the same way from a document: which claims, in which order, and their outcome.</summary>
internal static class ReportFacts
{
    /// <summary>Live (not deleted) claims in reading order: by start, then end, then id.</summary>
    public static ImmutableArray<Annotation> Claims(DocumentState document) =>
        [.. document.Annotations.Where(a => !a.Deleted && a.IsClaim()).OrderBy(a => a.Target.Position.Start)
            .ThenBy(a => a.Target.Position.End).ThenBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>Live annotations of every kind, in reading order.</summary>
    public static ImmutableArray<Annotation> Annotations(DocumentState document) =>
        [.. document.Annotations.Where(a => !a.Deleted).OrderBy(a => a.Target.Position.Start)
            .ThenBy(a => a.Target.Position.End).ThenBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>Live replies, oldest first.</summary>
    public static ImmutableArray<Reply> Replies(Annotation annotation) => [.. annotation.Replies.Where(r => !r.Deleted)];

    /// <summary>The ruling's verdict (resolved), the agreed verdict (consensus), else null.</summary>
    public static Verdict? FinalVerdict(Annotation claim) => claim.Status switch
    {
        ClaimStatus.Resolved when claim.Resolution is { } resolution => resolution.Verdict,
        ClaimStatus.Consensus when claim.Votes.Length > 0 => claim.Votes[0].Verdict,
        _ => null,
    };

    /// <summary>When the claim reached its current resolved or consensus status; null otherwise.</summary>
    public static DateTimeOffset? DecidedAt(Annotation claim)
    {
        if (claim.Status == ClaimStatus.Resolved && claim.Resolution is { } resolution)
        {
            return resolution.ResolvedAt;
        }

        if (claim.Status == ClaimStatus.Consensus)
        {
            for (var i = claim.StatusHistory.Length - 1; i >= 0; i--)
            {
                if (claim.StatusHistory[i].To == ClaimStatus.Consensus)
                {
                    return claim.StatusHistory[i].At;
                }
            }

            return claim.Votes.Select(v => v.ChangedAt ?? v.CastAt).DefaultIfEmpty(claim.CreatedAt).Max();
        }

        return null;
    }

    /// <summary>True when the vote is a minority view: the ruling recorded it as differing from its verdict.</summary>
    public static bool IsMinority(Annotation claim, Vote vote) =>
        claim.Status == ClaimStatus.Resolved && claim.Resolution is { } resolution &&
        (resolution.MinorityVotes.Any(m => m.UserId == vote.UserId) || vote.Verdict != resolution.Verdict);

    /// <summary>"Open", "Consensus", "Disputed" or "Resolved".</summary>
    public static string Label(this ClaimStatus status) => status switch
    {
        ClaimStatus.Open => "Open",
        ClaimStatus.Consensus => "Consensus",
        ClaimStatus.Disputed => "Disputed",
        ClaimStatus.Resolved => "Resolved",
        _ => status.ToString(),
    };

    /// <summary>"Supports", "Refutes" or "Context".</summary>
    public static string Label(this SourceStance stance) => stance switch
    {
        SourceStance.Supports => "Supports",
        SourceStance.Refutes => "Refutes",
        SourceStance.Context => "Context",
        _ => stance.ToString(),
    };

    /// <summary>True when there is text before the quote's prefix.</summary>
    public static bool HasTextBefore(DocumentState document, Annotation a) =>
        a.Target.Position.Start > TextIndex.CountCodePoints(a.Target.Quote.Prefix);

    /// <summary>True when there is text after the quote's suffix.</summary>
    public static bool HasTextAfter(DocumentState document, Annotation a) =>
        a.Target.Position.End + TextIndex.CountCodePoints(a.Target.Quote.Suffix) < document.TextIndex.CodePointLength;

    /// <summary>The title of a document in the report, or its id when it is not in the report.</summary>
    public static string DocumentTitle(ReportContext context, string documentId) =>
        context.Documents.FirstOrDefault(d => d.Id == documentId)?.Title ?? documentId;

    /// <summary>"2026-11-21 09:05 UTC": for people.</summary>
    public static string Human(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"2026-11-21T09:05:00Z": for machines (ISO 8601, UTC, seconds).</summary>
    public static string Iso(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"2026-11-21".</summary>
    public static string Date(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"1 vote", "3 votes".</summary>
    public static string Count(int n, string singular, string plural) => n == 1 ? $"1 {singular}" : $"{Number(n)} {plural}";

    /// <summary>A short summary of a thread: "3 replies from Ana, Ben; last on 2026-11-21 09:05 UTC", or "No replies".</summary>
    public static string ThreadSummary(ReportContext context, ImmutableArray<Reply> replies)
    {
        if (replies.Length == 0)
        {
            return "No replies";
        }

        var people = replies.Select(r => r.AuthorId).Distinct(StringComparer.Ordinal).Select(context.DisplayName);
        var last = replies.Max(r => r.EditedAt ?? r.CreatedAt);
        return $"{Count(replies.Length, "reply", "replies")} from {string.Join(", ", people)}; last on {Human(last)}";
    }

    /// <summary>The claim counts of a document by status: open, consensus, disputed, resolved.</summary>
    public static (int Open, int Consensus, int Disputed, int Resolved) StatusCounts(IEnumerable<Annotation> claims)
    {
        int open = 0, consensus = 0, disputed = 0, resolved = 0;
        foreach (var c in claims)
        {
            switch (c.Status)
            {
                case ClaimStatus.Open: open++; break;
                case ClaimStatus.Consensus: consensus++; break;
                case ClaimStatus.Disputed: disputed++; break;
                case ClaimStatus.Resolved: resolved++; break;
            }
        }

        return (open, consensus, disputed, resolved);
    }

    /// <summary>True for absolute http, https and mailto addresses: the only ones a report links to.</summary>
    public static bool IsSafeUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url)
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" or "mailto";
}
