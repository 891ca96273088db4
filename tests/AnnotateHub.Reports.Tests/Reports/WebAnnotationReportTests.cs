using System.Text.Json;
using AnnotateHub.Domain;

namespace AnnotateHub.Reports.Tests;

public sealed class WebAnnotationReportTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static IEnumerable<JsonElement> AllItems(ReportContext context, int pageSize)
    {
        var pages = WebAnnotationReport.PageCount(context, pageSize);
        for (var p = 0; p < pages; p++)
        {
            foreach (var item in Parse(WebAnnotationReport.RenderPage(context, p, pageSize)).GetProperty("items").EnumerateArray())
            {
                yield return item;
            }
        }
    }

    [Fact]
    public void GivenTheExport_WhenEachTextPositionSelectorIsSliced_ThenItEqualsTheQuoteAndItsContext()
    {
        var texts = new Dictionary<string, string>
        {
            [WebAnnotationReport.DocumentIri(Sample.WorkspaceContext(), SampleWorkspace.BudgetId)] = Sample.Budget.Text,
            [WebAnnotationReport.DocumentIri(Sample.WorkspaceContext(), SampleWorkspace.TranscriptId)] = Sample.Transcript.Text,
        };
        var anchored = 0;
        foreach (var item in AllItems(Sample.WorkspaceContext(), 1000).Where(i => i.GetProperty("motivation").GetString() != "replying"))
        {
            var target = item.GetProperty("target");
            var text = texts[target.GetProperty("source").GetString()!];
            var selectors = target.GetProperty("selector").EnumerateArray().ToArray();
            var quote = selectors.Single(s => s.GetProperty("type").GetString() == "TextQuoteSelector");
            var position = selectors.Single(s => s.GetProperty("type").GetString() == "TextPositionSelector");
            var codePoints = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
            var start = position.GetProperty("start").GetInt32();
            var end = position.GetProperty("end").GetInt32();

            Assert.Equal(quote.GetProperty("exact").GetString(), string.Concat(codePoints[start..end]));
            Assert.EndsWith(quote.GetProperty("prefix").GetString()!, string.Concat(codePoints[..start]), StringComparison.Ordinal);
            Assert.StartsWith(quote.GetProperty("suffix").GetString()!, string.Concat(codePoints[end..]), StringComparison.Ordinal);
            anchored++;
        }

        Assert.Equal(7, anchored); // 6 live claims + 1 comment
    }

    [Fact]
    public void GivenTheExport_ThenItIsACollectionWithItsFirstPageAndEveryAnnotationHasBothSelectors()
    {
        var root = Parse(WebAnnotationReport.Render(Sample.WorkspaceContext()));
        Assert.Equal("http://www.w3.org/ns/anno.jsonld", root.GetProperty("@context").GetString());
        Assert.Equal("AnnotationCollection", root.GetProperty("type").GetString());
        Assert.Equal("https://hub.example/api/v1/workspaces/ws-desk/report?format=w3c", root.GetProperty("id").GetString());
        var first = root.GetProperty("first");
        Assert.Equal("AnnotationPage", first.GetProperty("type").GetString());
        var items = first.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(root.GetProperty("total").GetInt32(), items.Length);
        Assert.Equal(10, items.Length); // 7 annotations + 3 live replies (r-1, r-2, r-4; r-3 is deleted)
    }

    [Fact]
    public void GivenReplies_ThenEachIsAReplyingAnnotationTargetingItsParent()
    {
        var items = AllItems(Sample.WorkspaceContext(), 1000).ToArray();
        var ids = items.Select(i => i.GetProperty("id").GetString()).ToHashSet();
        var replies = items.Where(i => i.GetProperty("motivation").GetString() == "replying").ToArray();

        Assert.Equal(3, replies.Length);
        foreach (var reply in replies)
        {
            var parent = reply.GetProperty("target").GetString()!;
            Assert.Contains(parent, ids);
            Assert.StartsWith(parent + "/replies/", reply.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal("text/markdown", reply.GetProperty("body").GetProperty("format").GetString());
        }

        Assert.Equal(
            "https://hub.example/api/v1/documents/doc-budget/annotations/c-growth",
            replies[0].GetProperty("target").GetString());
    }

    [Fact]
    public void GivenTagsSourcesAndABody_ThenTheyAreTaggingLinkingAndMarkdownBodies()
    {
        var growth = AllItems(Sample.WorkspaceContext(), 1000).First(i => i.GetProperty("id").GetString()!.EndsWith("/c-growth", StringComparison.Ordinal));
        var bodies = growth.GetProperty("body").EnumerateArray().ToArray();

        var markdown = bodies.Single(b => b.TryGetProperty("format", out _));
        Assert.Equal("TextualBody", markdown.GetProperty("type").GetString());
        Assert.Equal("text/markdown", markdown.GetProperty("format").GetString());
        Assert.Equal(Sample.Budget.FindAnnotation("c-growth")!.Body, markdown.GetProperty("value").GetString());

        var tags = bodies.Where(b => b.GetProperty("purpose").GetString() == "tagging").Select(b => b.GetProperty("value").GetString()!).ToArray();
        Assert.Equal(["budget", SampleWorkspace.Formula, SampleWorkspace.Img], tags);

        var link = bodies.Single(b => b.GetProperty("purpose").GetString() == "linking");
        Assert.Equal("SpecificResource", link.GetProperty("type").GetString());
        Assert.Equal("https://budget.example/2025", link.GetProperty("source").GetString());
        Assert.Equal("refutes", link.GetProperty("stance").GetString());

        var verdict = bodies.Single(b => b.GetProperty("purpose").GetString() == "assessing");
        Assert.Equal("Mostly false", verdict.GetProperty("value").GetString());
        Assert.Equal("assessing", growth.GetProperty("motivation").GetString());
        Assert.Equal("https://news.example/budget?x=1&y=2", growth.GetProperty("target").GetProperty("scope").GetString());
    }

    [Fact]
    public void GivenAPassageSource_ThenItLinksToTheOtherDocumentWithSelectors()
    {
        var grew = AllItems(Sample.WorkspaceContext(), 1000).First(i => i.GetProperty("id").GetString()!.EndsWith("/c-grew", StringComparison.Ordinal));
        var link = grew.GetProperty("body").EnumerateArray().Single(b => b.GetProperty("purpose").GetString() == "linking");

        Assert.Equal("https://hub.example/api/v1/documents/doc-budget", link.GetProperty("source").GetString());
        var position = link.GetProperty("selector").EnumerateArray().Single(s => s.GetProperty("type").GetString() == "TextPositionSelector");
        var runes = Sample.Budget.Text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        Assert.Equal("the city budget grew by 12% in 2025.", string.Concat(runes[position.GetProperty("start").GetInt32()..position.GetProperty("end").GetInt32()]));
    }

    [Fact]
    public void GivenMoreItemsThanAPageHolds_ThenThePagesChainAndTogetherHoldEveryItemOnce()
    {
        var context = Sample.WorkspaceContext();
        var root = Parse(WebAnnotationReport.Render(context, pageSize: 4));
        var total = root.GetProperty("total").GetInt32();
        Assert.Equal(10, total);
        Assert.Equal(WebAnnotationReport.PageIri(context, 2), root.GetProperty("last").GetString());
        Assert.Equal(4, root.GetProperty("first").GetProperty("items").GetArrayLength());
        Assert.Equal(WebAnnotationReport.PageIri(context, 1), root.GetProperty("first").GetProperty("next").GetString());

        var page1 = Parse(WebAnnotationReport.RenderPage(context, 1, pageSize: 4));
        Assert.Equal(4, page1.GetProperty("startIndex").GetInt32());
        Assert.Equal(WebAnnotationReport.PageIri(context, 0), page1.GetProperty("prev").GetString());
        Assert.Equal(WebAnnotationReport.CollectionIri(context), page1.GetProperty("partOf").GetProperty("id").GetString());

        var last = Parse(WebAnnotationReport.RenderPage(context, 2, pageSize: 4));
        Assert.False(last.TryGetProperty("next", out _));
        Assert.Equal(2, last.GetProperty("items").GetArrayLength());

        var ids = AllItems(context, 4).Select(i => i.GetProperty("id").GetString()).ToArray();
        Assert.Equal(total, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(AllItems(context, 1000).Select(i => i.GetProperty("id").GetString()), ids);
        Assert.Throws<ArgumentOutOfRangeException>(() => WebAnnotationReport.RenderPage(context, 3, pageSize: 4));
    }
}
