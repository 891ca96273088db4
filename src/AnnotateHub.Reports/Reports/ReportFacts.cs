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

    /// <summary>The title of a document (in the report, or one its passage sources cite), never its internal id.</summary>
    public static string DocumentTitle(ReportContext context, string documentId) =>
        context.Documents.FirstOrDefault(d => d.Id == documentId)?.Title
        ?? (context.LinkedTitles.TryGetValue(documentId, out var title) ? title : "another document of the workspace");

    /// <summary>
    /// The quote's context as a reader should see it: within the quote's own paragraph (a line break in the stored prefix
    /// or suffix ends it), and without a word cut in half at either end; <c>More…</c> says whether the paragraph goes on
    /// beyond what is shown (an ellipsis is due).
    /// </summary>
    public static QuoteContext Context(DocumentState document, Annotation a)
    {
        var quote = a.Target.Quote;
        var text = document.Text;
        var start = document.TextIndex.ToUtf16Index(a.Target.Position.Start);
        var end = document.TextIndex.ToUtf16Index(a.Target.Position.End);

        var before = quote.Prefix;
        var beforeStart = start - before.Length;
        bool moreBefore;
        if (before.LastIndexOf('\n') is var lineBreak and >= 0)
        {
            before = before[(lineBreak + 1)..];
            moreBefore = false;
        }
        else
        {
            moreBefore = beforeStart > 0 && text[beforeStart - 1] != '\n';
            if (moreBefore && before.Length > 0 && IsWordChar(text[beforeStart - 1]) && IsWordChar(before[0]))
            {
                var space = before.IndexOf(' ', StringComparison.Ordinal);
                before = space < 0 ? string.Empty : before[(space + 1)..];
            }
        }

        var after = quote.Suffix;
        var afterEnd = end + after.Length;
        bool moreAfter;
        if (after.IndexOf('\n', StringComparison.Ordinal) is var breakAfter and >= 0)
        {
            after = after[..breakAfter];
            moreAfter = false;
        }
        else
        {
            moreAfter = afterEnd < text.Length && text[afterEnd] != '\n';
            if (moreAfter && after.Length > 0 && IsWordChar(text[afterEnd]) && IsWordChar(after[^1]))
            {
                var space = after.LastIndexOf(' ');
                after = space < 0 ? string.Empty : after[..space];
            }
        }

        return new QuoteContext(before.TrimStart(), moreBefore, after.TrimEnd(), moreAfter);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.IsSurrogate(c) || c is '\'' or '’' or '-';

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

/// <summary>A quote's surrounding text within its paragraph, cut at word boundaries (<see cref="ReportFacts.Context"/>).</summary>
/// <param name="Before">The text before the quote that is shown.</param>
/// <param name="MoreBefore">The paragraph has more text before <paramref name="Before"/>.</param>
/// <param name="After">The text after the quote that is shown.</param>
/// <param name="MoreAfter">The paragraph has more text after <paramref name="After"/>.</param>
internal readonly record struct QuoteContext(string Before, bool MoreBefore, string After, bool MoreAfter);
