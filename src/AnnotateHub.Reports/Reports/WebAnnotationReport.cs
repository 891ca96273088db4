using System.Text.Json;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports;

/// <summary>
/// A W3C Web Annotation (JSON-LD, http://www.w3.org/ns/anno.jsonld) export: an <c>AnnotationCollection</c> whose
/// <c>first</c> page is embedded; when there are more items than a page holds, the pages link with <c>next</c>/<c>prev</c>
/// and <c>last</c>, and each page can be rendered on its own (<see cref="RenderPage"/>) with <c>partOf</c>.
/// </summary>
/// <remarks>
/// <para>Items, in report order: every live annotation (claims, comments and questions), each followed by its live
/// replies. An annotation has <c>motivation</c> "assessing" (claim), "commenting" (comment) or "questioning" (question),
/// <c>created</c>/<c>modified</c>, a <c>creator</c> (Person with the display name), and a <c>target</c> whose
/// <c>source</c> is the document (its IRI; <c>scope</c> is the page it was imported from, when known) with two
/// selectors: a <c>TextQuoteSelector</c> {exact, prefix, suffix} and a <c>TextPositionSelector</c> {start, end} in
/// Unicode code points of the document's normalised text (so each selector re-anchors on its own).</para>
/// <para>Bodies: the annotation's Markdown as a <c>TextualBody</c> with format text/markdown; each tag as a TextualBody
/// with purpose "tagging"; a claim's final verdict (resolved or consensus) as a TextualBody with purpose "assessing";
/// each source as a <c>SpecificResource</c> with purpose "linking" (its <c>source</c> the URL, or the linked document's
/// IRI with selectors for a passage; <c>label</c> its title; a quote from it as a TextQuoteSelector; <c>stance</c>
/// supports/refutes/context).</para>
/// <para>A reply is an annotation of its own with motivation "replying" whose <c>target</c> is its parent annotation's id.</para>
/// <para>IRIs: document <c>{base}/documents/{id}</c>, annotation <c>{document}/annotations/{id}</c>, reply
/// <c>{annotation}/replies/{id}</c>; the collection is the report's address (<c>{base}/documents/{id}/report?format=w3c</c>
/// or <c>{base}/workspaces/{id}/report?format=w3c</c>) and page <c>n</c> (0-based) adds <c>&amp;page=n</c>.</para>
/// </remarks>
public static class WebAnnotationReport
{
    /// <summary>Items per page by default.</summary>
    public const int DefaultPageSize = 1000;

    private const string Context = "http://www.w3.org/ns/anno.jsonld";

    /// <summary>The collection with its first page embedded.</summary>
    public static string Render(ReportContext context, int pageSize = DefaultPageSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var items = Items(context);
        return JsonLd.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("@context", Context);
            WriteCollectionFields(json, context, items.Count, pageSize);
            if (items.Count > 0)
            {
                json.WritePropertyName("first");
                WritePage(json, context, items, 0, pageSize, partOf: false);
            }

            json.WriteEndObject();
        });
    }

    /// <summary>Page <paramref name="page"/> (0-based) on its own, with <c>partOf</c> the collection.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no such page.</exception>
    public static string RenderPage(ReportContext context, int page, int pageSize = DefaultPageSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var items = Items(context);
        var pages = PageCount(items.Count, pageSize);
        if (page < 0 || page >= Math.Max(1, pages))
        {
            throw new ArgumentOutOfRangeException(nameof(page), page, $"There are {pages} pages (0 to {Math.Max(0, pages - 1)}).");
        }

        return JsonLd.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("@context", Context);
            WritePageFields(json, context, items, page, pageSize, partOf: true);
            json.WriteEndObject();
        });
    }

    /// <summary>How many pages the export has (at least 1).</summary>
    public static int PageCount(ReportContext context, int pageSize = DefaultPageSize) =>
        Math.Max(1, PageCount(Items(context).Count, pageSize));

    /// <summary>The collection's IRI.</summary>
    public static string CollectionIri(ReportContext context) =>
        context.Scope == ReportScope.Document && context.Documents.Count == 1
            ? $"{DocumentIri(context, context.Documents[0].Id)}/report?format=w3c"
            : $"{context.BaseIri}/workspaces/{Uri.EscapeDataString(context.WorkspaceId)}/report?format=w3c";

    /// <summary>The IRI of page <paramref name="page"/>.</summary>
    public static string PageIri(ReportContext context, int page) => $"{CollectionIri(context)}&page={ReportFacts.Number(page)}";

    /// <summary>A document's IRI.</summary>
    public static string DocumentIri(ReportContext context, string documentId) => $"{context.BaseIri}/documents/{Uri.EscapeDataString(documentId)}";

    /// <summary>An annotation's IRI.</summary>
    public static string AnnotationIri(ReportContext context, string documentId, string annotationId) =>
        $"{DocumentIri(context, documentId)}/annotations/{Uri.EscapeDataString(annotationId)}";

    private static int PageCount(int items, int pageSize) => (items + pageSize - 1) / pageSize;

    private static List<Item> Items(ReportContext context)
    {
        var items = new List<Item>();
        foreach (var document in context.Documents)
        {
            foreach (var annotation in ReportFacts.Annotations(document))
            {
                items.Add(new Item(document, annotation, null));
                foreach (var reply in ReportFacts.Replies(annotation))
                {
                    items.Add(new Item(document, annotation, reply));
                }
            }
        }

        return items;
    }

    private static void WriteCollectionFields(Utf8JsonWriter json, ReportContext context, int total, int pageSize)
    {
        json.WriteString("id", CollectionIri(context));
        json.WriteString("type", "AnnotationCollection");
        json.WriteString("label", $"Verdict report: {context.Subject}");
        json.WriteNumber("total", total);
        if (total > 0)
        {
            json.WriteString("last", PageIri(context, PageCount(total, pageSize) - 1));
        }
    }

    private static void WritePage(Utf8JsonWriter json, ReportContext context, List<Item> items, int page, int pageSize, bool partOf)
    {
        json.WriteStartObject();
        WritePageFields(json, context, items, page, pageSize, partOf);
        json.WriteEndObject();
    }

    private static void WritePageFields(Utf8JsonWriter json, ReportContext context, List<Item> items, int page, int pageSize, bool partOf)
    {
        var pages = PageCount(items.Count, pageSize);
        json.WriteString("id", PageIri(context, page));
        json.WriteString("type", "AnnotationPage");
        if (partOf)
        {
            json.WriteStartObject("partOf");
            WriteCollectionFields(json, context, items.Count, pageSize);
            json.WriteEndObject();
        }

        json.WriteNumber("startIndex", page * pageSize);
        if (page + 1 < pages)
        {
            json.WriteString("next", PageIri(context, page + 1));
        }

        if (page > 0)
        {
            json.WriteString("prev", PageIri(context, page - 1));
        }

        json.WriteStartArray("items");
        var end = Math.Min(items.Count, (page + 1) * pageSize);
        for (var i = page * pageSize; i < end; i++)
        {
            var item = items[i];
            if (item.Reply is null)
            {
                WriteAnnotation(json, context, item.Document, item.Annotation);
            }
            else
            {
                WriteReply(json, context, item.Document, item.Annotation, item.Reply);
            }
        }

        json.WriteEndArray();
    }

    private static void WriteAnnotation(Utf8JsonWriter json, ReportContext context, DocumentState document, Annotation annotation)
    {
        json.WriteStartObject();
        json.WriteString("id", AnnotationIri(context, document.Id, annotation.Id));
        json.WriteString("type", "Annotation");
        json.WriteString("motivation", annotation.Kind switch
        {
            AnnotationKind.Claim => "assessing",
            AnnotationKind.Question => "questioning",
            _ => "commenting",
        });
        json.WriteString("created", ReportFacts.Iso(annotation.CreatedAt));
        if (annotation.EditedAt is { } edited)
        {
            json.WriteString("modified", ReportFacts.Iso(edited));
        }

        WriteCreator(json, context, annotation.AuthorId);

        json.WriteStartArray("body");
        if (!string.IsNullOrWhiteSpace(annotation.Body))
        {
            json.WriteStartObject();
            json.WriteString("type", "TextualBody");
            json.WriteString("value", annotation.Body);
            json.WriteString("format", "text/markdown");
            json.WriteString("purpose", annotation.Kind == AnnotationKind.Question ? "questioning" : "commenting");
            json.WriteEndObject();
        }

        foreach (var tag in annotation.Tags)
        {
            json.WriteStartObject();
            json.WriteString("type", "TextualBody");
            json.WriteString("value", tag);
            json.WriteString("purpose", "tagging");
            json.WriteEndObject();
        }

        if (annotation.IsClaim() && ReportFacts.FinalVerdict(annotation) is { } verdict)
        {
            json.WriteStartObject();
            json.WriteString("type", "TextualBody");
            json.WriteString("value", verdict.Label());
            json.WriteString("purpose", "assessing");
            json.WriteEndObject();
        }

        foreach (var source in annotation.Sources)
        {
            WriteSource(json, context, source);
        }

        json.WriteEndArray();

        json.WriteStartObject("target");
        json.WriteString("source", DocumentIri(context, document.Id));
        if (document.SourceUrl is not null)
        {
            json.WriteString("scope", document.SourceUrl);
        }

        WriteSelectors(json, annotation.Target);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter json, ReportContext context, Source source)
    {
        json.WriteStartObject();
        json.WriteString("type", "SpecificResource");
        json.WriteString("purpose", "linking");
        if (source.IsPassage())
        {
            json.WriteString("source", DocumentIri(context, source.LinkedDocumentId!));
            json.WriteString("label", source.Title);
            if (source.LinkedTarget is { } linked)
            {
                WriteSelectors(json, linked);
            }
        }
        else
        {
            json.WriteString("source", source.Url);
            json.WriteString("label", source.Title);
            if (!string.IsNullOrWhiteSpace(source.Quote))
            {
                json.WriteStartObject("selector");
                json.WriteString("type", "TextQuoteSelector");
                json.WriteString("exact", source.Quote);
                json.WriteEndObject();
            }
        }

        json.WriteString("stance", source.Stance.WireName());
        json.WriteEndObject();
    }

    private static void WriteSelectors(Utf8JsonWriter json, TextTarget target)
    {
        json.WriteStartArray("selector");
        json.WriteStartObject();
        json.WriteString("type", "TextQuoteSelector");
        json.WriteString("exact", target.Quote.Exact);
        json.WriteString("prefix", target.Quote.Prefix);
        json.WriteString("suffix", target.Quote.Suffix);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "TextPositionSelector");
        json.WriteNumber("start", target.Position.Start);
        json.WriteNumber("end", target.Position.End);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteReply(Utf8JsonWriter json, ReportContext context, DocumentState document, Annotation parent, Reply reply)
    {
        var parentIri = AnnotationIri(context, document.Id, parent.Id);
        json.WriteStartObject();
        json.WriteString("id", $"{parentIri}/replies/{Uri.EscapeDataString(reply.Id)}");
        json.WriteString("type", "Annotation");
        json.WriteString("motivation", "replying");
        json.WriteString("created", ReportFacts.Iso(reply.CreatedAt));
        if (reply.EditedAt is { } edited)
        {
            json.WriteString("modified", ReportFacts.Iso(edited));
        }

        WriteCreator(json, context, reply.AuthorId);
        json.WriteStartObject("body");
        json.WriteString("type", "TextualBody");
        json.WriteString("value", reply.Body);
        json.WriteString("format", "text/markdown");
        json.WriteEndObject();
        json.WriteString("target", parentIri);
        json.WriteEndObject();
    }

    private static void WriteCreator(Utf8JsonWriter json, ReportContext context, string userId)
    {
        json.WriteStartObject("creator");
        json.WriteString("type", "Person");
        json.WriteString("name", context.DisplayName(userId));
        json.WriteEndObject();
    }

    private sealed record Item(DocumentState Document, Annotation Annotation, Reply? Reply);
}
