using System.Collections.Immutable;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>
/// The verdict report as one self-contained HTML page: inline CSS, no script at all, no external resource, a
/// Content-Security-Policy that would block any script or load even if one slipped in, and print styles (it is also
/// the template of the PDF). Per claim: the quote in its context with the exact text emphasised, status and final
/// verdict, the ruling with its rationale (who ruled and when), every vote with its rationale (minority views marked),
/// sources with their stance, a thread summary with the replies, and the history of status changes.
/// Every user string is HTML-escaped; user Markdown is rendered by <see cref="SafeMarkdown"/>.
/// </summary>
public static class HtmlReport
{
    private const string Css = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --paper: #ffffff; --soft: #f5f6f9; --mark: #fff1a8; }
        * { box-sizing: border-box; }
        html { font: 15px/1.5 "DejaVu Sans", "Liberation Sans", "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", Arial, sans-serif, "Noto Color Emoji"; color: var(--ink); background: var(--paper); }
        body { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
        h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.35rem; margin: 2.5rem 0 .25rem; padding-top: 1rem; border-top: 2px solid var(--ink); }
        h3 { font-size: 1.1rem; margin: 0 0 .5rem; display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; }
        h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1rem 0 .35rem; }
        a { color: #1f4fbf; }
        .meta { color: var(--muted); font-size: .85rem; margin: .25rem 0; }
        table.summary { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .9rem; }
        table.summary th, table.summary td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; }
        table.summary td.n, table.summary th.n { text-align: right; font-variant-numeric: tabular-nums; }
        article.claim { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 1.25rem 0; }
        blockquote.quote { margin: .5rem 0; padding: .6rem .9rem; background: var(--soft); border-left: 4px solid var(--ink); white-space: pre-wrap; overflow-wrap: anywhere; }
        blockquote.quote .context { color: var(--muted); }
        mark { background: var(--mark); color: inherit; font-weight: 600; padding: 0 .1em; }
        .badge { font-size: .75rem; font-weight: 600; border-radius: 999px; padding: .1rem .55rem; border: 1px solid currentColor; white-space: nowrap; }
        .status-open { color: #5b6475; } .status-consensus { color: #1b6e3a; } .status-disputed { color: #a15c00; } .status-resolved { color: #1f4fbf; }
        .verdict { font-weight: 700; }
        .verdict-true { color: #1b6e3a; } .verdict-mostly-true { color: #4d7c0f; } .verdict-mixed { color: #a15c00; }
        .verdict-mostly-false { color: #c2410c; } .verdict-false { color: #b91c1c; } .verdict-unproven { color: #5b6475; }
        .tag { display: inline-block; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 .35rem; margin-right: .25rem; font-size: .8rem; }
        .minority { border-left: 3px solid #a15c00; padding-left: .5rem; }
        .flag { font-size: .75rem; font-weight: 700; color: #a15c00; text-transform: uppercase; letter-spacing: .04em; }
        .stance { font-weight: 700; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
        .stance-supports { color: #1b6e3a; } .stance-refutes { color: #b91c1c; } .stance-context { color: #5b6475; }
        .url { color: var(--muted); font-size: .8rem; overflow-wrap: anywhere; }
        ul.plain, ol.plain { padding-left: 1.1rem; margin: .25rem 0; }
        ul.plain > li, ol.plain > li { margin: .35rem 0; }
        .md > :first-child { margin-top: 0; } .md > :last-child { margin-bottom: 0; } .md { overflow-wrap: anywhere; }
        .md pre { white-space: pre-wrap; background: var(--soft); padding: .4rem; }
        .empty { color: var(--muted); font-style: italic; }
        footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; }
        @page { size: A4; margin: 12mm 12mm; }
        @media print {
          html { font-size: 9.5pt; line-height: 1.35; }
          article.claim { padding: .45rem .7rem; margin: .6rem 0; }
          h4 { margin: .45rem 0 .15rem; }
          ul.plain > li, ol.plain > li { margin: .15rem 0; }
          .md p { margin: .15rem 0; }
          body { max-width: none; padding: 0; }
          a { color: inherit; }
          h2 { break-before: auto; break-after: avoid; }
          h3, h4 { break-after: avoid; }
          blockquote.quote, li { break-inside: avoid; }
          article.claim { border-color: #999; }
        }
        """;

    /// <summary>
    /// The stylesheet of the copy that is printed to PDF: <see cref="Css"/> with its print rules applied unconditionally
    /// (no <c>@media print</c> block) and square corners. Chromium lays the page out for the screen when it loads it and
    /// again for print; when the rules differ by medium, the switch restyles every element and lays the document out
    /// anew, several times, which was most of the print step for 1,000 claims (docs/benchmarks.md, export-1000). With
    /// one set of rules the switch changes only the page width. Rounded corners are drawn as paths in the PDF (a third
    /// of its size).
    /// </summary>
    private static readonly string PrintCss = ForPrint(Css);

    /// <summary>The report as a complete HTML document (UTF-8 when saved), for reading in a browser (and printing from it).</summary>
    public static string Render(ReportContext context) => Render(context, forPrint: false);

    /// <summary>
    /// The same report with a stylesheet for print only (see <see cref="PrintCss"/>): what <see cref="PdfRenderer"/>
    /// prints. In a browser it looks as the printed page does.
    /// </summary>
    public static string RenderForPrint(ReportContext context) => Render(context, forPrint: true);

    private static string ForPrint(string css)
    {
        const string Print = "@media print {";
        var start = css.IndexOf(Print, StringComparison.Ordinal);
        var end = css.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException("The report stylesheet has no @media print block.");
        }

        return css[..start] + css[(start + Print.Length)..end].TrimEnd() + "\n  article.claim, .badge, .tag { border-radius: 0; }";
    }

    private static string Render(ReportContext context, bool forPrint)
    {
        ArgumentNullException.ThrowIfNull(context);
        var html = new HtmlWriter(64 * 1024);
        var heading = $"Verdict report: {context.Subject}";
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Raw("<meta name=\"generator\" content=\"AnnotateHub\">\n")
            .Raw("<title>").Text(heading).Raw("</title>\n<style>\n").Raw(forPrint ? PrintCss : Css).Raw("\n</style>\n</head>\n<body>\n");

        var claimsByDocument = context.Documents.Select(d => (Document: d, Claims: ReportFacts.Claims(d))).ToArray();
        var total = claimsByDocument.Sum(x => x.Claims.Length);

        html.Raw("<header>\n").Element("h1", null, heading).Raw("\n<p class=\"meta\">")
            .UserText(context.Scope == ReportScope.Document ? $"Workspace {context.WorkspaceName}" : "Workspace report")
            .Raw(" · ").Text(ReportFacts.Count(context.Documents.Count, "document", "documents"))
            .Raw(" · ").Text(ReportFacts.Count(total, "claim", "claims"))
            .Raw(" · generated ").Text(ReportFacts.Human(context.GeneratedAt)).Raw("</p>\n");
        WriteSummary(html, claimsByDocument);
        html.Raw("</header>\n<main>\n");

        for (var d = 0; d < claimsByDocument.Length; d++)
        {
            WriteDocument(html, context, claimsByDocument[d].Document, claimsByDocument[d].Claims, d + 1);
        }

        html.Raw("</main>\n<footer>Made with AnnotateHub on ").Text(ReportFacts.Human(context.GeneratedAt))
            .Raw(". Positions are Unicode code points of the document's normalised text.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteSummary(HtmlWriter html, (DocumentState Document, ImmutableArray<Annotation> Claims)[] documents)
    {
        html.Raw("<table class=\"summary\">\n<thead><tr><th>Document</th><th class=\"n\">Claims</th><th class=\"n\">Open</th><th class=\"n\">Consensus</th><th class=\"n\">Disputed</th><th class=\"n\">Resolved</th></tr></thead>\n<tbody>\n");
        foreach (var (document, claims) in documents)
        {
            var (open, consensus, disputed, resolved) = ReportFacts.StatusCounts(claims);
            html.Raw("<tr><td>").UserText(document.Title).Raw("</td>");
            foreach (var n in new[] { claims.Length, open, consensus, disputed, resolved })
            {
                html.Raw("<td class=\"n\">").Text(ReportFacts.Number(n)).Raw("</td>");
            }

            html.Raw("</tr>\n");
        }

        html.Raw("</tbody>\n</table>\n");
    }

    private static void WriteDocument(HtmlWriter html, ReportContext context, DocumentState document, ImmutableArray<Annotation> claims, int number)
    {
        html.Raw("<section class=\"document\" id=\"document-").Text(ReportFacts.Number(number)).Raw("\">\n")
            .Element("h2", null, document.Title).Raw("\n<p class=\"meta\">");
        if (document.SourceUrl is { } url)
        {
            html.Raw("Source: ").Link(url, url).Raw(" · ");
        }

        html.Raw("Imported by ").UserText(context.DisplayName(document.CreatedBy)).Raw(" on ").Text(ReportFacts.Human(document.CreatedAt))
            .Raw(" · quorum ").Text(ReportFacts.Number(document.Quorum))
            .Raw(" · ").Text(ReportFacts.Count(claims.Length, "claim", "claims")).Raw("</p>\n");

        if (claims.Length == 0)
        {
            html.Raw("<p class=\"empty\">No claims marked in this document.</p>\n");
        }

        for (var i = 0; i < claims.Length; i++)
        {
            WriteClaim(html, context, document, claims[i], number, i + 1);
        }

        html.Raw("</section>\n");
    }

    private static void WriteClaim(HtmlWriter html, ReportContext context, DocumentState document, Annotation claim, int documentNumber, int number)
    {
        var status = claim.Status.WireName();
        html.Raw("<article class=\"claim\" id=\"claim-").Text(ReportFacts.Number(documentNumber)).Raw("-").Text(ReportFacts.Number(number)).Raw("\">\n<h3>")
            .Element("span", null, $"Claim {ReportFacts.Number(number)}").Raw(" ")
            .Element("span", $"badge status-{status}", claim.Status.Label());
        if (ReportFacts.FinalVerdict(claim) is { } verdict)
        {
            html.Raw(" ").Element("span", $"verdict verdict-{verdict.WireName()}", verdict.Label());
        }

        html.Raw("</h3>\n");
        WriteQuote(html, document, claim);

        html.Raw("<p class=\"meta\">Marked by ").UserText(context.DisplayName(claim.AuthorId)).Raw(" on ").Text(ReportFacts.Human(claim.CreatedAt))
            .Raw(" · characters ").Text(ReportFacts.Number(claim.Target.Position.Start)).Raw("–").Text(ReportFacts.Number(claim.Target.Position.End));
        if (claim.Tags.Length > 0)
        {
            html.Raw(" · tags: ");
            foreach (var tag in claim.Tags)
            {
                html.Element("span", "tag", tag);
            }
        }

        html.Raw("</p>\n");
        if (!string.IsNullOrWhiteSpace(claim.Body))
        {
            html.Raw("<div dir=\"auto\" class=\"md note\">").Raw(SafeMarkdown.ToHtml(claim.Body)).Raw("</div>\n");
        }

        WriteOutcome(html, context, claim);
        // Empty parts get no section of their own, only a mention in one line (1,000 claims must still print quickly).
        var absent = new List<string>(4);
        WriteVotes(html, context, claim, absent);
        WriteSources(html, context, claim, absent);
        WriteThread(html, context, claim, absent);
        WriteHistory(html, context, claim, absent);
        if (absent.Count > 0)
        {
            html.Raw("<p class=\"meta empty\">").Text(char.ToUpperInvariant(absent[0][0]) + string.Join(" · ", absent)[1..]).Raw(".</p>\n");
        }
        html.Raw("</article>\n");
    }

    private static void WriteQuote(HtmlWriter html, DocumentState document, Annotation claim) => WriteQuote(html, document, claim, "blockquote");

    /// <summary>The quote in its paragraph (cut at words, <see cref="ReportFacts.Context"/>), the exact text marked.</summary>
    internal static void WriteQuote(HtmlWriter html, DocumentState document, Annotation claim, string element)
    {
        var context = ReportFacts.Context(document, claim);
        html.Raw("<").Raw(element).Raw(" class=\"quote\">");
        if (context.MoreBefore || context.Before.Length > 0)
        {
            html.Raw("<span class=\"context\">").Text(context.MoreBefore ? "…" : string.Empty).UserText(context.Before).Raw("</span>");
        }

        html.Raw("<mark>").UserText(claim.Target.Quote.Exact).Raw("</mark>");
        if (context.MoreAfter || context.After.Length > 0)
        {
            html.Raw("<span class=\"context\">").UserText(context.After).Text(context.MoreAfter ? "…" : string.Empty).Raw("</span>");
        }

        html.Raw("</").Raw(element).Raw(">\n");
    }

    private static void WriteOutcome(HtmlWriter html, ReportContext context, Annotation claim)
    {
        if (claim.Status == ClaimStatus.Resolved && claim.Resolution is { } ruling)
        {
            html.Raw("<section class=\"ruling\">\n<h4>Ruling</h4>\n<p>")
                .Element("span", $"verdict verdict-{ruling.Verdict.WireName()}", ruling.Verdict.Label())
                .Raw(RatingSuffix(ruling.Verdict))
                .Raw(" — ruled by ").Element("strong", null, context.DisplayName(ruling.ResolvedBy))
                .Raw(" on ").Text(ReportFacts.Human(ruling.ResolvedAt)).Raw("</p>\n")
                .Raw("<div dir=\"auto\" class=\"md rationale\">").Raw(SafeMarkdown.ToHtml(ruling.Rationale)).Raw("</div>\n");
            if (ruling.MinorityVotes.Length > 0)
            {
                html.Raw("<p class=\"meta\">Minority views recorded: ")
                    .UserText(string.Join(", ", ruling.MinorityVotes.Select(v => $"{context.DisplayName(v.UserId)} ({v.Verdict.Label()})")))
                    .Raw("</p>\n");
            }

            html.Raw("</section>\n");
        }
        else if (claim.Status == ClaimStatus.Consensus && ReportFacts.FinalVerdict(claim) is { } agreed)
        {
            html.Raw("<section class=\"ruling\">\n<h4>Consensus</h4>\n<p>All ").Text(ReportFacts.Count(claim.Votes.Length, "vote", "votes"))
                .Raw(" agree: ").Element("span", $"verdict verdict-{agreed.WireName()}", agreed.Label()).Raw(RatingSuffix(agreed));
            if (ReportFacts.DecidedAt(claim) is { } at)
            {
                html.Raw(" (since ").Text(ReportFacts.Human(at)).Raw(")");
            }

            html.Raw("</p>\n</section>\n");
        }
        else if (claim.Status == ClaimStatus.Disputed)
        {
            html.Raw("<section class=\"ruling\">\n<h4>Ruling</h4>\n<p class=\"empty\">Disputed: the votes differ and no moderator has ruled yet.</p>\n</section>\n");
        }
        else
        {
            html.Raw("<section class=\"ruling\">\n<h4>Ruling</h4>\n<p class=\"empty\">Open: no verdict yet.</p>\n</section>\n");
        }
    }

    private static string RatingSuffix(Verdict verdict) =>
        verdict.RatingValue() is { } rating ? $" <span class=\"meta\">(rating {ReportFacts.Number(rating)} of {ReportFacts.Number(Verdicts.BestRating)})</span>" : string.Empty;

    private static void WriteVotes(HtmlWriter html, ReportContext context, Annotation claim, List<string> absent)
    {
        if (context.VotesHidden(claim))
        {
            absent.Add("votes hidden until you vote");
            return;
        }

        if (claim.Votes.Length == 0)
        {
            absent.Add("no votes yet");
            return;
        }

        html.Raw("<section class=\"votes\">\n<h4>Votes (").Text(ReportFacts.Number(claim.Votes.Length)).Raw(")</h4>\n<ul class=\"plain\">\n");
        foreach (var vote in claim.Votes)
        {
            var minority = ReportFacts.IsMinority(claim, vote);
            html.Raw(minority ? "<li class=\"vote minority\">" : "<li class=\"vote\">")
                .Element("strong", null, context.DisplayName(vote.UserId)).Raw(": ")
                .Element("span", $"verdict verdict-{vote.Verdict.WireName()}", vote.Verdict.Label());
            if (minority)
            {
                html.Raw(" ").Element("span", "flag", "minority view");
            }

            html.Raw(" <span class=\"meta\">").Text(ReportFacts.Human(vote.ChangedAt ?? vote.CastAt))
                .Text(vote.ChangedAt is null ? string.Empty : " (changed)").Raw("</span>");
            if (!string.IsNullOrWhiteSpace(vote.Rationale))
            {
                html.Raw("\n<div dir=\"auto\" class=\"md rationale\">").Raw(SafeMarkdown.ToHtml(vote.Rationale)).Raw("</div>");
            }

            html.Raw("</li>\n");
        }

        html.Raw("</ul>\n</section>\n");
    }

    private static void WriteSources(HtmlWriter html, ReportContext context, Annotation claim, List<string> absent)
    {
        if (claim.Sources.Length == 0)
        {
            absent.Add("no sources attached");
            return;
        }

        html.Raw("<section class=\"sources\">\n<h4>Sources (").Text(ReportFacts.Number(claim.Sources.Length)).Raw(")</h4>\n<ul class=\"plain\">\n");
        foreach (var source in claim.Sources)
        {
            var stance = source.Stance.WireName();
            html.Raw("<li class=\"source\">").Element("span", $"stance stance-{stance}", source.Stance.Label()).Raw(" ");
            if (source.IsPassage())
            {
                html.Raw("passage of ").Element("em", null, ReportFacts.DocumentTitle(context, source.LinkedDocumentId!)).Raw(": ")
                    .Element("strong", null, source.Title);
                if (source.LinkedTarget is { } linked)
                {
                    html.Raw(" <q>").UserText(linked.Quote.Exact).Raw("</q>");
                }
            }
            else
            {
                html.Link(source.Url, source.Title);
                if (source.Url is not null)
                {
                    html.Raw(" ").Element("span", "url", source.Url);
                }
            }

            if (!string.IsNullOrWhiteSpace(source.Quote))
            {
                html.Raw("<br><q>").UserText(source.Quote).Raw("</q>");
            }

            if (!string.IsNullOrWhiteSpace(source.Note))
            {
                html.Raw("\n<div dir=\"auto\" class=\"md\">").Raw(SafeMarkdown.ToHtml(source.Note)).Raw("</div>");
            }

            html.Raw("\n<span class=\"meta\">added by ").UserText(context.DisplayName(source.AddedBy)).Raw(" on ").Text(ReportFacts.Human(source.AddedAt)).Raw("</span></li>\n");
        }

        html.Raw("</ul>\n</section>\n");
    }

    private static void WriteThread(HtmlWriter html, ReportContext context, Annotation claim, List<string> absent)
    {
        var replies = ReportFacts.Replies(claim);
        if (replies.Length == 0)
        {
            absent.Add("no replies");
            return;
        }

        html.Raw("<section class=\"thread\">\n<h4>Discussion</h4>\n<p class=\"meta\">").UserText(ReportFacts.ThreadSummary(context, replies)).Raw("</p>\n<ol class=\"plain\">\n");
        foreach (var reply in replies)
        {
            html.Raw("<li>").Element("strong", null, context.DisplayName(reply.AuthorId))
                .Raw(" <span class=\"meta\">").Text(ReportFacts.Human(reply.CreatedAt)).Text(reply.EditedAt is null ? string.Empty : " (edited)").Raw("</span>\n")
                .Raw("<div dir=\"auto\" class=\"md\">").Raw(SafeMarkdown.ToHtml(reply.Body)).Raw("</div></li>\n");
        }

        html.Raw("</ol>\n</section>\n");
    }

    private static void WriteHistory(HtmlWriter html, ReportContext context, Annotation claim, List<string> absent)
    {
        if (claim.StatusHistory.Length == 0)
        {
            absent.Add("open since it was marked");
            return;
        }

        html.Raw("<section class=\"history\">\n<h4>Status history</h4>\n<ol class=\"plain\">\n");
        foreach (var change in claim.StatusHistory)
        {
            html.Raw("<li><span class=\"meta\">").Text(ReportFacts.Human(change.At)).Raw("</span> ")
                .Text(change.From.Label()).Raw(" → ").Element("strong", null, change.To.Label())
                .Raw(" by ").UserText(context.DisplayName(change.By));
            if (!string.IsNullOrWhiteSpace(change.Reason))
            {
                html.Raw(": ").Element("q", null, change.Reason);
            }

            html.Raw("</li>\n");
        }

        html.Raw("</ol>\n</section>\n");
    }
}
