using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>
/// The report for readers (HTML, and the template of the public PDF): every ruled claim with its context, the ruling's
/// verdict and rationale, and the sources with their sites, under the publisher's name, logo and colour, with dates in
/// the workspace's time zone. It never carries reviewer names, the discussion, votes, internal ids, offsets or workflow
/// terms. A published claim shows its reviewed headline and summary and links to its public page.
/// Self-contained like <see cref="HtmlReport"/>: inline CSS, no script, a Content-Security-Policy that allows only images.
/// </summary>
public static class PublicReport
{
    /// <summary>The claims a public report shows: ruled (resolved) claims, in reading order.</summary>
    public static IEnumerable<Annotation> Claims(DocumentState document) =>
        ReportFacts.Claims(document).Where(c => c.Status == ClaimStatus.Resolved && c.Resolution is not null);

    public static string Render(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var site = PublicSite.From(context);
        var documents = context.Documents.Select(d => (Document: d, Claims: Claims(d).ToArray())).Where(x => x.Claims.Length > 0).ToArray();
        var total = documents.Sum(d => d.Claims.Length);
        var title = context.Scope == ReportScope.Document && context.Documents.Count == 1
            ? $"Fact check: {context.Documents[0].Title}"
            : $"Fact checks by {site.Name}";

        var html = new HtmlWriter(32 * 1024);
        PublicHtml.Head(html, site, title, description: null);
        html.Raw("</head>\n<body>\n");
        PublicHtml.Masthead(html, site, homeUrl: site.Url);
        html.Raw("<main>\n").Element("h1", null, title).Raw("\n<p class=\"meta\">")
            .Text(ReportFacts.Count(total, "fact check", "fact checks")).Raw(" · ").Text(site.Date(context.GeneratedAt)).Raw("</p>\n");
        if (total == 0)
        {
            html.Raw("<p class=\"empty\">No fact checks are ready for readers here yet.</p>\n");
        }

        foreach (var (document, claims) in documents)
        {
            html.Raw("<section class=\"document\">\n").Element("h2", null, document.Title).Raw("\n");
            if (ReportFacts.IsSafeUrl(document.SourceUrl))
            {
                html.Raw("<p class=\"meta\">Source: ").Link(document.SourceUrl, PublicSite.Domain(document.SourceUrl!)).Raw("</p>\n");
            }

            foreach (var claim in claims)
            {
                PublicHtml.Check(html, context, site, document, claim, level: 3);
            }

            html.Raw("</section>\n");
        }

        html.Raw("</main>\n");
        PublicHtml.Footer(html, site, context.GeneratedAt);
        html.Raw("</body>\n</html>\n");
        return html.ToString();
    }
}

/// <summary>The parts the public report and the public pages share.</summary>
internal static class PublicHtml
{
    private const string Css = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --soft: #f5f6f9; --mark: #fff1a8; }
        * { box-sizing: border-box; }
        html { font: 16px/1.55 "DejaVu Serif", "Liberation Serif", "Noto Serif", Georgia, serif; color: var(--ink); background: #fff; }
        body { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem 3rem; }
        header.masthead { display: flex; align-items: center; gap: .75rem; padding: 1rem 0 .75rem; border-bottom: 4px solid var(--accent); margin-bottom: 1.5rem; }
        header.masthead img { max-height: 2.5rem; max-width: 10rem; }
        header.masthead .publisher { font: 700 1.15rem/1.2 "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif; color: var(--ink); text-decoration: none; }
        h1, h2, h3, h4 { font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif; line-height: 1.25; }
        h1 { font-size: 1.8rem; margin: 0 0 .35rem; }
        h2 { font-size: 1.35rem; margin: 2rem 0 .35rem; }
        h3 { font-size: 1.15rem; margin: 1.25rem 0 .35rem; }
        h4 { font-size: .85rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1rem 0 .3rem; }
        a { color: var(--accent); }
        .meta { color: var(--muted); font-size: .85rem; margin: .2rem 0; font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif; }
        article.check { border-top: 1px solid var(--line); padding-top: .75rem; margin-top: 1.5rem; break-inside: avoid-page; }
        section.document > h2 { border-top: 2px solid var(--ink); padding-top: .75rem; }
        .verdict { display: inline-block; font: 700 .8rem/1.2 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; text-transform: uppercase; letter-spacing: .05em; color: #fff; padding: .25rem .6rem; border-radius: 3px; background: #5b6475; }
        .verdict-true { background: #1b6e3a; } .verdict-mostly-true { background: #4d7c0f; } .verdict-mixed { background: #a15c00; }
        .verdict-mostly-false { background: #c2410c; } .verdict-false { background: #b91c1c; } .verdict-unproven { background: #5b6475; }
        figure.claim { margin: .75rem 0; }
        .quote { display: block; margin: 0; padding: .6rem .9rem; background: var(--soft); border-left: 4px solid var(--accent); white-space: pre-wrap; overflow-wrap: anywhere; }
        .quote .context { color: var(--muted); }
        mark { background: var(--mark); color: inherit; font-weight: 600; padding: 0 .1em; }
        figcaption { color: var(--muted); font-size: .85rem; margin-top: .3rem; }
        .summary p { margin: .5rem 0; font-size: 1.05rem; }
        .md > :first-child { margin-top: 0; } .md > :last-child { margin-bottom: 0; } .md { overflow-wrap: anywhere; }
        ol.sources { padding-left: 1.2rem; margin: .25rem 0; } ol.sources > li { margin: .4rem 0; }
        .stance { font: 700 .75rem/1.2 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        .domain { color: var(--muted); font-size: .85rem; }
        ul.checks { list-style: none; padding: 0; } ul.checks > li { border-top: 1px solid var(--line); padding: .75rem 0; }
        ul.checks h2 { font-size: 1.2rem; margin: .35rem 0; }
        .empty { color: var(--muted); font-style: italic; }
        footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        @page { size: A4; margin: 14mm 14mm; }
        """;

    /// <summary>The document head up to (not including) <c>&lt;/head&gt;</c>: charset, a CSP allowing only images, title, styles.</summary>
    public static void Head(HtmlWriter html, PublicSite site, string title, string? description)
    {
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'none'\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<link rel=\"icon\" href=\"data:,\">\n")
            .Raw("<title>").Text(title).Raw("</title>\n");
        if (description is not null)
        {
            html.Raw("<meta name=\"description\" content=\"").Text(description).Raw("\">\n");
        }

        html.Raw("<style>\n:root { --accent: ").Raw(site.Accent).Raw("; }\n").Raw(Css).Raw("\n</style>\n");
    }

    public static void Masthead(HtmlWriter html, PublicSite site, string? homeUrl)
    {
        html.Raw("<header class=\"masthead\">");
        if (site.LogoUrl is not null)
        {
            html.Raw("<img src=\"").Text(site.LogoUrl).Raw("\" alt=\"\">");
        }

        if (ReportFacts.IsSafeUrl(homeUrl))
        {
            html.Raw("<a class=\"publisher\" dir=\"auto\" href=\"").Text(homeUrl!).Raw("\">").Text(site.Name).Raw("</a>");
        }
        else
        {
            html.Element("span", "publisher", site.Name);
        }

        html.Raw("</header>\n");
    }

    public static void Footer(HtmlWriter html, PublicSite site, DateTimeOffset at)
    {
        html.Raw("<footer>Published by ").UserText(site.Name);
        if (site.Url is not null)
        {
            html.Raw(" · ").Link(site.Url, PublicSite.Domain(site.Url));
        }

        html.Raw(" · ").Text(site.DateTime(at)).Raw("</footer>\n");
    }

    /// <summary>
    /// One fact check: verdict, headline (the publication's, else the quote), dates, the claim in its paragraph with who
    /// said it and where, the summary, the ruling's rationale, the sources. Headings start at <paramref name="level"/>.
    /// </summary>
    public static void Check(HtmlWriter html, ReportContext context, PublicSite site, DocumentState document, Annotation claim, int level, bool linkHeadline = true)
    {
        var ruling = claim.Resolution!;
        var publication = claim.IsPublished() ? claim.Publication : null;
        var h = $"h{level}";
        var sub = $"h{level + 1}";
        html.Raw("<article class=\"check\">\n<p>").Element("span", $"verdict verdict-{ruling.Verdict.WireName()}", ruling.Verdict.Label()).Raw("</p>\n");
        if (level > 1)
        {
            html.Raw("<").Raw(h).Raw(" dir=\"auto\">");
            if (publication is not null && linkHeadline)
            {
                html.Link(context.PublicUrl(publication.Slug), publication.Headline);
            }
            else
            {
                html.Text(publication?.Headline ?? $"“{claim.Target.Quote.Exact}”");
            }

            html.Raw("</").Raw(h).Raw(">\n");
        }

        html.Raw("<p class=\"meta\">");
        if (publication is not null)
        {
            html.Raw("Published ").Text(site.Date(publication.FirstPublishedAt));
            if (site.Date(publication.PublishedAt) != site.Date(publication.FirstPublishedAt))
            {
                html.Raw(" · updated ").Text(site.Date(publication.PublishedAt));
            }
        }
        else
        {
            html.Raw("Checked ").Text(site.Date(ruling.ResolvedAt));
        }

        html.Raw("</p>\n<figure class=\"claim\">\n");
        HtmlReport.WriteQuote(html, document, claim, "blockquote");
        html.Raw("<figcaption>");
        if (publication?.Claimant is { } claimant)
        {
            html.Raw("Claimed by ").UserText(claimant);
            if (publication.ClaimDate is { } said)
            {
                html.Raw(" on ").Text(said.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture));
            }

            html.Raw(" · ");
        }

        html.Raw("From ");
        if (ReportFacts.IsSafeUrl(document.SourceUrl))
        {
            html.Link(document.SourceUrl, document.Title).Raw(" (").Text(PublicSite.Domain(document.SourceUrl!)).Raw(")");
        }
        else
        {
            html.Element("cite", null, document.Title);
        }

        html.Raw("</figcaption>\n</figure>\n");
        if (publication is not null)
        {
            html.Raw("<div class=\"summary\">");
            foreach (var paragraph in publication.Summary.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                html.Raw("<p dir=\"auto\">").Text(paragraph).Raw("</p>");
            }

            html.Raw("</div>\n");
        }

        html.Raw("<section class=\"ruling\">\n<").Raw(sub).Raw(">Our ruling: ").Text(ruling.Verdict.Label()).Raw("</").Raw(sub).Raw(">\n")
            .Raw("<div dir=\"auto\" class=\"md\">").Raw(SafeMarkdown.ToHtml(ruling.Rationale)).Raw("</div>\n</section>\n");

        if (claim.Sources.Length > 0)
        {
            html.Raw("<section class=\"sources\">\n<").Raw(sub).Raw(">Sources</").Raw(sub).Raw(">\n<ol class=\"sources\">\n");
            foreach (var source in claim.Sources)
            {
                html.Raw("<li>").Element("span", "stance", Stance(source.Stance)).Raw(" ");
                if (source.IsPassage())
                {
                    html.Element("strong", null, source.Title).Raw(", in ").Element("cite", null, ReportFacts.DocumentTitle(context, source.LinkedDocumentId!));
                    if (source.LinkedTarget is { } passage)
                    {
                        html.Raw(": <q>").UserText(passage.Quote.Exact).Raw("</q>");
                    }
                }
                else
                {
                    html.Link(source.Url, source.Title);
                    if (source.Url is not null)
                    {
                        html.Raw(" ").Element("span", "domain", PublicSite.Domain(source.Url));
                    }

                    if (!string.IsNullOrWhiteSpace(source.Quote))
                    {
                        html.Raw(": <q>").UserText(source.Quote).Raw("</q>");
                    }
                }

                html.Raw("</li>\n");
            }

            html.Raw("</ol>\n</section>\n");
        }

        html.Raw("</article>\n");
    }

    /// <summary>A source's stance in words for readers.</summary>
    public static string Stance(SourceStance stance) => stance switch
    {
        SourceStance.Supports => "Supports the claim",
        SourceStance.Refutes => "Contradicts the claim",
        _ => "Background",
    };
}
