using System.Text;
using System.Xml;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>A published claim and the document it is in.</summary>
public sealed record PublishedItem(DocumentState Document, Annotation Claim)
{
    public Publication Publication => Claim.Publication!;
}

/// <summary>
/// The pages anyone may read, without signing in: a published claim (<c>/c/{slug}</c>) with its ClaimReview JSON-LD and
/// the tags that make a shared link look right (Open Graph, Twitter card), a workspace's published fact checks newest
/// first (<c>/p/{workspace}</c>) and their Atom feed. Static HTML, no script.
/// </summary>
public static class PublicPages
{
    /// <summary>The list page of a workspace's fact checks: <c>{PublicBaseUrl}/p/{public slug, or the workspace id}</c>.</summary>
    public static string ListUrl(ReportContext context) =>
        $"{context.PublicBaseUrl}/p/{Uri.EscapeDataString(context.Settings.PublicSlug ?? context.WorkspaceId)}";

    /// <summary>The Atom feed of the list.</summary>
    public static string FeedUrl(ReportContext context) => ListUrl(context) + "/feed.atom";

    public static string ClaimPage(ReportContext context, PublishedItem item)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(item);
        var site = PublicSite.From(context);
        var publication = item.Publication;
        var url = context.PublicUrl(publication.Slug);
        var html = new HtmlWriter(16 * 1024);
        PublicHtml.Head(html, site, $"{publication.Headline} · {site.Name}", publication.Summary);
        html.Raw("<link rel=\"canonical\" href=\"").Text(url).Raw("\">\n")
            .Raw("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").Text($"Fact checks by {site.Name}").Raw("\" href=\"").Text(FeedUrl(context)).Raw("\">\n");
        Meta(html, "property", "og:type", "article");
        Meta(html, "property", "og:title", publication.Headline);
        Meta(html, "property", "og:description", publication.Summary);
        Meta(html, "property", "og:url", url);
        Meta(html, "property", "og:site_name", site.Name);
        Meta(html, "property", "article:published_time", site.Rfc3339(publication.FirstPublishedAt));
        Meta(html, "name", "twitter:card", "summary");
        Meta(html, "name", "twitter:title", publication.Headline);
        Meta(html, "name", "twitter:description", publication.Summary);
        if (site.LogoUrl is not null)
        {
            Meta(html, "property", "og:image", site.LogoUrl);
            Meta(html, "name", "twitter:image", site.LogoUrl);
        }

        // JsonLd escapes < > & ' " in user text, so nothing in it can close the script element.
        html.Raw("<script type=\"application/ld+json\">\n").Raw(ClaimReviewReport.RenderOne(context, item.Document, item.Claim)).Raw("</script>\n");
        html.Raw("</head>\n<body>\n");
        PublicHtml.Masthead(html, site, ListUrl(context));
        html.Raw("<main>\n").Element("h1", null, publication.Headline).Raw("\n");
        PublicHtml.Check(html, context, site, item.Document, item.Claim, level: 1);
        html.Raw("<p class=\"meta\"><a href=\"").Text(ListUrl(context)).Raw("\">More fact checks by ").Text(site.Name).Raw("</a></p>\n</main>\n");
        PublicHtml.Footer(html, site, publication.PublishedAt);
        html.Raw("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The workspace's published fact checks, newest first.</summary>
    public static string ListPage(ReportContext context, IReadOnlyList<PublishedItem> items)
    {
        ArgumentNullException.ThrowIfNull(context);
        var site = PublicSite.From(context);
        var title = $"Fact checks by {site.Name}";
        var html = new HtmlWriter(16 * 1024);
        PublicHtml.Head(html, site, title, description: null);
        html.Raw("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").Text(title).Raw("\" href=\"").Text(FeedUrl(context)).Raw("\">\n")
            .Raw("</head>\n<body>\n");
        PublicHtml.Masthead(html, site, site.Url);
        html.Raw("<main>\n").Element("h1", null, title).Raw("\n<p class=\"meta\">").Text(ReportFacts.Count(items.Count, "fact check", "fact checks"))
            .Raw(" · <a href=\"").Text(FeedUrl(context)).Raw("\">Atom feed</a></p>\n<ul class=\"checks\">\n");
        foreach (var item in Newest(items))
        {
            var verdict = item.Claim.Resolution!.Verdict;
            html.Raw("<li>").Element("span", $"verdict verdict-{verdict.WireName()}", verdict.Label())
                .Raw("<h2 dir=\"auto\">").Link(context.PublicUrl(item.Publication.Slug), item.Publication.Headline).Raw("</h2>")
                .Raw("<p class=\"meta\">").Text(site.Date(item.Publication.FirstPublishedAt)).Raw("</p>")
                .Raw("<p dir=\"auto\">").Text(FirstParagraph(item.Publication.Summary)).Raw("</p></li>\n");
        }

        html.Raw("</ul>\n</main>\n");
        PublicHtml.Footer(html, site, context.GeneratedAt);
        html.Raw("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The workspace's published fact checks as an Atom 1.0 feed (RFC 4287), newest first.</summary>
    public static string AtomFeed(ReportContext context, IReadOnlyList<PublishedItem> items)
    {
        ArgumentNullException.ThrowIfNull(context);
        var site = PublicSite.From(context);
        var sorted = Newest(items).ToArray();
        var output = new StringBuilder(4096);
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, NewLineChars = "\n" }))
        {
            const string Atom = "http://www.w3.org/2005/Atom";
            xml.WriteStartElement("feed", Atom);
            xml.WriteElementString("id", Atom, ListUrl(context));
            xml.WriteElementString("title", Atom, $"Fact checks by {site.Name}");
            xml.WriteElementString("updated", Atom, site.Rfc3339(sorted.Length > 0 ? sorted.Max(i => i.Publication.PublishedAt) : context.GeneratedAt));
            Link(xml, Atom, "self", FeedUrl(context), "application/atom+xml");
            Link(xml, Atom, "alternate", ListUrl(context), "text/html");
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, site.Name);
            if (site.Url is not null)
            {
                xml.WriteElementString("uri", Atom, site.Url);
            }

            xml.WriteEndElement();
            foreach (var item in sorted)
            {
                var url = context.PublicUrl(item.Publication.Slug);
                xml.WriteStartElement("entry", Atom);
                xml.WriteElementString("id", Atom, url);
                xml.WriteElementString("title", Atom, item.Publication.Headline);
                Link(xml, Atom, "alternate", url, "text/html");
                xml.WriteElementString("published", Atom, site.Rfc3339(item.Publication.FirstPublishedAt));
                xml.WriteElementString("updated", Atom, site.Rfc3339(item.Publication.PublishedAt));
                xml.WriteStartElement("category", Atom);
                xml.WriteAttributeString("term", item.Claim.Resolution!.Verdict.WireName());
                xml.WriteAttributeString("label", item.Claim.Resolution!.Verdict.Label());
                xml.WriteEndElement();
                xml.WriteElementString("summary", Atom, item.Publication.Summary);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return output.Append('\n').ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static IEnumerable<PublishedItem> Newest(IEnumerable<PublishedItem> items) =>
        items.OrderByDescending(i => i.Publication.FirstPublishedAt).ThenBy(i => i.Publication.Slug, StringComparer.Ordinal);

    private static string FirstParagraph(string text)
    {
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static void Meta(HtmlWriter html, string attribute, string name, string content) =>
        html.Raw("<meta ").Raw(attribute).Raw("=\"").Raw(name).Raw("\" content=\"").Text(content).Raw("\">\n");

    private static void Link(XmlWriter xml, string ns, string rel, string href, string type)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
