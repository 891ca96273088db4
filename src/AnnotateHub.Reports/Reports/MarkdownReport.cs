using System.Collections.Immutable;
using System.Text;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>
/// The verdict report as Markdown (CommonMark + GFM tables), with the same content as <see cref="HtmlReport"/>.
/// Every user string, Markdown bodies included, is written as literal text (<see cref="MarkdownText"/>): pasted into
/// any renderer, nothing a user wrote becomes HTML, a link or a script. Links are written only for http(s) source addresses.
/// </summary>
public static class MarkdownReport
{
    public static string Render(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var md = new StringBuilder(32 * 1024);
        var documents = context.Documents.Select(d => (Document: d, Claims: ReportFacts.Claims(d))).ToArray();
        var total = documents.Sum(x => x.Claims.Length);

        md.Append("# Verdict report: ").Append(MarkdownText.Inline(context.Subject)).Append("\n\n");
        md.Append(context.Scope == ReportScope.Document ? $"Workspace {MarkdownText.Inline(context.WorkspaceName)}" : "Workspace report")
            .Append(" · ").Append(ReportFacts.Count(context.Documents.Count, "document", "documents"))
            .Append(" · ").Append(ReportFacts.Count(total, "claim", "claims"))
            .Append(" · generated ").Append(ReportFacts.Human(context.GeneratedAt)).Append("\n\n");

        md.Append("| Document | Claims | Open | Consensus | Disputed | Resolved |\n|---|--:|--:|--:|--:|--:|\n");
        foreach (var (document, claims) in documents)
        {
            var (open, consensus, disputed, resolved) = ReportFacts.StatusCounts(claims);
            md.Append("| ").Append(MarkdownText.Inline(document.Title)).Append(" | ").Append(claims.Length).Append(" | ").Append(open)
                .Append(" | ").Append(consensus).Append(" | ").Append(disputed).Append(" | ").Append(resolved).Append(" |\n");
        }

        foreach (var (document, claims) in documents)
        {
            WriteDocument(md, context, document, claims);
        }

        md.Append("\n---\n\nMade with AnnotateHub on ").Append(ReportFacts.Human(context.GeneratedAt))
            .Append(". Positions are Unicode code points of the document's normalised text.\n");
        return md.ToString();
    }

    private static void WriteDocument(StringBuilder md, ReportContext context, DocumentState document, ImmutableArray<Annotation> claims)
    {
        md.Append("\n## ").Append(MarkdownText.Inline(document.Title)).Append("\n\n");
        if (document.SourceUrl is { } url)
        {
            md.Append("Source: ").Append(Link(url, url)).Append(" · ");
        }

        md.Append("Imported by ").Append(MarkdownText.Inline(context.DisplayName(document.CreatedBy)))
            .Append(" on ").Append(ReportFacts.Human(document.CreatedAt))
            .Append(" · quorum ").Append(document.Quorum)
            .Append(" · ").Append(ReportFacts.Count(claims.Length, "claim", "claims")).Append('\n');
        if (claims.Length == 0)
        {
            md.Append("\n*No claims marked in this document.*\n");
        }

        for (var i = 0; i < claims.Length; i++)
        {
            WriteClaim(md, context, document, claims[i], i + 1);
        }
    }

    private static void WriteClaim(StringBuilder md, ReportContext context, DocumentState document, Annotation claim, int number)
    {
        md.Append("\n### Claim ").Append(number).Append(" — ").Append(claim.Status.Label());
        var verdict = ReportFacts.FinalVerdict(claim);
        if (verdict is { } v)
        {
            md.Append(": ").Append(v.Label());
        }

        md.Append("\n\n");
        WriteQuote(md, document, claim);
        md.Append("\n\n- **Status:** ").Append(claim.Status.Label()).Append('\n');
        if (verdict is { } final)
        {
            md.Append("- **Final verdict:** ").Append(final.Label());
            if (final.RatingValue() is { } rating)
            {
                md.Append(" (rating ").Append(rating).Append(" of ").Append(Verdicts.BestRating).Append(')');
            }

            md.Append('\n');
        }

        md.Append("- **Marked by:** ").Append(MarkdownText.Inline(context.DisplayName(claim.AuthorId))).Append(" on ").Append(ReportFacts.Human(claim.CreatedAt))
            .Append(" (characters ").Append(claim.Target.Position.Start).Append('–').Append(claim.Target.Position.End).Append(")\n");
        if (claim.Tags.Length > 0)
        {
            md.Append("- **Tags:** ").Append(string.Join(", ", claim.Tags.Select(MarkdownText.Inline))).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(claim.Body))
        {
            md.Append("- **Note:** ").Append(MarkdownText.Block(claim.Body, "  ")).Append('\n');
        }

        md.Append("\n#### Ruling\n\n");
        if (claim.Status == ClaimStatus.Resolved && claim.Resolution is { } ruling)
        {
            md.Append("**").Append(ruling.Verdict.Label()).Append("** — ruled by ").Append(MarkdownText.Inline(context.DisplayName(ruling.ResolvedBy)))
                .Append(" on ").Append(ReportFacts.Human(ruling.ResolvedAt)).Append("\\\n").Append(MarkdownText.Block(ruling.Rationale)).Append('\n');
            if (ruling.MinorityVotes.Length > 0)
            {
                md.Append("\nMinority views recorded: ")
                    .Append(string.Join(", ", ruling.MinorityVotes.Select(m => $"{MarkdownText.Inline(context.DisplayName(m.UserId))} ({m.Verdict.Label()})")))
                    .Append('\n');
            }
        }
        else if (claim.Status == ClaimStatus.Consensus && verdict is { } agreed)
        {
            md.Append("Consensus: all ").Append(ReportFacts.Count(claim.Votes.Length, "vote", "votes")).Append(" agree on **").Append(agreed.Label()).Append("**");
            if (ReportFacts.DecidedAt(claim) is { } at)
            {
                md.Append(" (since ").Append(ReportFacts.Human(at)).Append(')');
            }

            md.Append(".\n");
        }
        else
        {
            md.Append(claim.Status == ClaimStatus.Disputed
                ? "*Disputed: the votes differ and no moderator has ruled yet.*\n"
                : "*Open: no verdict yet.*\n");
        }

        var hidden = context.VotesHidden(claim);
        md.Append(hidden ? "\n#### Votes\n\n" : $"\n#### Votes ({ReportFacts.Number(claim.Votes.Length)})\n\n");
        if (hidden)
        {
            md.Append("*Votes hidden until you vote.*\n");
        }
        else if (claim.Votes.Length == 0)
        {
            md.Append("*No votes yet.*\n");
        }

        foreach (var vote in claim.Votes)
        {
            md.Append("- **").Append(MarkdownText.Inline(context.DisplayName(vote.UserId))).Append("**: ").Append(vote.Verdict.Label());
            if (ReportFacts.IsMinority(claim, vote))
            {
                md.Append(" *(minority view)*");
            }

            md.Append(" · ").Append(ReportFacts.Human(vote.ChangedAt ?? vote.CastAt)).Append(vote.ChangedAt is null ? string.Empty : " (changed)");
            if (!string.IsNullOrWhiteSpace(vote.Rationale))
            {
                md.Append("\\\n  ").Append(MarkdownText.Block(vote.Rationale, "  "));
            }

            md.Append('\n');
        }

        md.Append("\n#### Sources (").Append(claim.Sources.Length).Append(")\n\n");
        if (claim.Sources.Length == 0)
        {
            md.Append("*No sources attached.*\n");
        }

        foreach (var source in claim.Sources)
        {
            md.Append("- **").Append(source.Stance.Label()).Append("**: ");
            if (source.IsPassage())
            {
                md.Append("passage of *").Append(MarkdownText.Inline(ReportFacts.DocumentTitle(context, source.LinkedDocumentId!))).Append("*: ")
                    .Append(MarkdownText.Inline(source.Title));
                if (source.LinkedTarget is { } linked)
                {
                    md.Append(" — “").Append(MarkdownText.Inline(linked.Quote.Exact)).Append('”');
                }
            }
            else
            {
                md.Append(Link(source.Url, source.Title));
            }

            if (!string.IsNullOrWhiteSpace(source.Quote))
            {
                md.Append("\\\n  “").Append(MarkdownText.Block(source.Quote, "  ")).Append('”');
            }

            if (!string.IsNullOrWhiteSpace(source.Note))
            {
                md.Append("\\\n  ").Append(MarkdownText.Block(source.Note, "  "));
            }

            md.Append("\\\n  added by ").Append(MarkdownText.Inline(context.DisplayName(source.AddedBy))).Append(" on ").Append(ReportFacts.Human(source.AddedAt)).Append('\n');
        }

        var replies = ReportFacts.Replies(claim);
        md.Append("\n#### Discussion\n\n").Append(MarkdownText.Inline(ReportFacts.ThreadSummary(context, replies))).Append('\n');
        if (replies.Length > 0)
        {
            md.Append('\n');
        }

        foreach (var reply in replies)
        {
            md.Append("- **").Append(MarkdownText.Inline(context.DisplayName(reply.AuthorId))).Append("** · ").Append(ReportFacts.Human(reply.CreatedAt))
                .Append(reply.EditedAt is null ? string.Empty : " (edited)").Append("\\\n  ").Append(MarkdownText.Block(reply.Body, "  ")).Append('\n');
        }

        md.Append("\n#### Status history\n\n");
        if (claim.StatusHistory.Length == 0)
        {
            md.Append("*Open since it was marked.*\n");
        }

        foreach (var change in claim.StatusHistory)
        {
            md.Append("- ").Append(ReportFacts.Human(change.At)).Append(": ").Append(change.From.Label()).Append(" → **").Append(change.To.Label())
                .Append("** by ").Append(MarkdownText.Inline(context.DisplayName(change.By)));
            if (!string.IsNullOrWhiteSpace(change.Reason))
            {
                md.Append(": “").Append(MarkdownText.Inline(change.Reason)).Append('”');
            }

            md.Append('\n');
        }
    }

    /// <summary>
    /// The quote in its context as a block quote, the exact text in bold: line breaks become hard breaks (blank lines
    /// collapse), and a space is added beside a ** only where CommonMark would otherwise not read it as emphasis.
    /// </summary>
    private static void WriteQuote(StringBuilder md, DocumentState document, Annotation claim)
    {
        var quote = claim.Target.Quote;
        var context = ReportFacts.Context(document, claim);
        var before = (context.MoreBefore ? "…" : string.Empty) + context.Before;
        var after = context.After + (context.MoreAfter ? "…" : string.Empty);
        var writer = new QuoteWriter(md);
        writer.Plain(before);
        writer.Strong(quote.Exact, after.Length > 0 ? after[0] : '\n');
        writer.Plain(after);
    }

    /// <summary>Writes a block quote line by line, escaping user text.</summary>
    private sealed class QuoteWriter
    {
        private readonly StringBuilder _md;
        private bool _lineStart = true;
        private bool _pendingBreak;

        public QuoteWriter(StringBuilder md)
        {
            _md = md;
            _md.Append("> ");
        }

        public void Plain(string text)
        {
            var parts = text.Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    Break();
                }

                Text(parts[i]);
            }
        }

        public void Strong(string exact, char next)
        {
            var parts = exact.Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    Break();
                }

                var part = parts[i];
                var core = part.Trim();
                if (core.Length == 0)
                {
                    Text(part);
                    continue;
                }

                var lead = part[..(part.Length - part.TrimStart().Length)];
                var trail = part[part.TrimEnd().Length..];
                Text(lead);
                FlushBreak();
                var previous = _lineStart || _md.Length == 0 ? ' ' : _md[^1];
                if (!_lineStart && MarkdownText.IsPunctuation(core[0]) && !char.IsWhiteSpace(previous) && !MarkdownText.IsPunctuation(previous))
                {
                    _md.Append(' ');
                }

                _md.Append("**");
                MarkdownText.AppendFragment(_md, core, false);
                _md.Append("**");
                _lineStart = false;
                var following = trail.Length > 0 ? trail[0] : i + 1 < parts.Length ? '\n' : next;
                if (MarkdownText.IsPunctuation(core[^1]) && !char.IsWhiteSpace(following) && !MarkdownText.IsPunctuation(following))
                {
                    _md.Append(' ');
                }

                Text(trail);
            }
        }

        private void Text(string text)
        {
            if (text.Length == 0 || (_lineStart && text.Trim().Length == 0))
            {
                return;
            }

            FlushBreak();
            MarkdownText.AppendFragment(_md, text, _lineStart);
            _lineStart = false;
        }

        private void Break()
        {
            if (!_lineStart)
            {
                _pendingBreak = true;
            }
        }

        private void FlushBreak()
        {
            if (_pendingBreak)
            {
                _md.Append("\\\n> ");
                _pendingBreak = false;
                _lineStart = true;
            }
        }
    }

    /// <summary>A Markdown link when the address is http(s) and has nothing that could break the link syntax; else the text alone.</summary>
    private static string Link(string? url, string text)
    {
        var label = MarkdownText.Inline(text);
        if (!ReportFacts.IsSafeUrl(url) || url!.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' || char.IsControl(c)))
        {
            return label;
        }

        return $"[{label}](<{url!.Trim()}>)";
    }
}
