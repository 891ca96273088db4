using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Reports.Tests;

/// <summary>
/// A right-to-left override (U+202E) left open in user text cannot reverse the text after it in a report: HTML isolates
/// user text (<c>&lt;bdi&gt;</c>, <c>dir="auto"</c>), Markdown and CSV wrap it in Unicode isolates (FSI … PDI).
/// </summary>
public sealed class BidiIsolationTests
{
    /// <summary>"file", then RLO, then "gnp.exe": shown as "fileexe.png", and without isolation the override runs on.</summary>
    private const string Spoof = "file\u202Egnp.exe";

    private static readonly Actor Ana = new("u-ana", WorkspaceRole.Reviewer);
    private static readonly Actor Mo = new("u-mo", WorkspaceRole.Moderator);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 30, 0, TimeSpan.Zero);

    private static ReportContext Context()
    {
        var state = DocumentState.Empty;
        DocumentCommand[] commands =
        [
            new CreateDocument(Mo, "doc-bidi", "ws-bidi", "Title " + Spoof, "Open the attachment before noon, the mayor said."),
            new Highlight(Ana, "c1", AnnotationKind.Claim, TargetSpec.ForQuote("Open the attachment"), "See " + Spoof + " for details.", ["tag " + Spoof]),
            new AddReply(Ana, "c1", "r1", "Reply " + Spoof),
            new CastVote(Ana, "c1", Verdict.False, "Because " + Spoof),
        ];
        foreach (var command in commands)
        {
            var decision = DocumentDecider.Decide(state, command, Now);
            Assert.True(decision.IsAccepted, decision.Error?.Message);
            state = DocumentDecider.Fold(state, decision.Events);
        }

        var workspace = new WorkspaceState { Id = "ws-bidi", Name = "Desk " + Spoof, CreatedBy = Mo.UserId, CreatedAt = Now };
        return ReportContext.ForDocument(workspace, state, id => id == Ana.UserId ? "Ana " + Spoof : "Mo", Now);
    }

    [Fact]
    public void GivenUserTextWithAnUnclosedOverride_WhenTheHtmlReportIsRendered_ThenEveryPieceIsIsolated()
    {
        var html = HtmlReport.Render(Context());

        Assert.Contains($"<h2 dir=\"auto\">Title {Spoof}</h2>", html, StringComparison.Ordinal);
        Assert.Contains($"<span dir=\"auto\" class=\"tag\">tag {Spoof}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<bdi>Ana {Spoof}</bdi>", html, StringComparison.Ordinal);
        Assert.Contains($"<div dir=\"auto\" class=\"md note\"><p>See {Spoof} for details.</p></div>", html, StringComparison.Ordinal);
        Assert.Contains($"<div dir=\"auto\" class=\"md\"><p>Reply {Spoof}</p></div>", html, StringComparison.Ordinal);
        Assert.Contains($"<div dir=\"auto\" class=\"md rationale\"><p>Because {Spoof}</p></div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUserTextWithAnUnclosedOverride_WhenThePrintHtmlIsRendered_ThenItIsIsolatedToo()
    {
        var html = HtmlReport.RenderForPrint(Context());

        Assert.Contains($"<h2 dir=\"auto\">Title {Spoof}</h2>", html, StringComparison.Ordinal);
        Assert.Contains($"<bdi>Ana {Spoof}</bdi>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUserTextWithAnUnclosedOverride_WhenTheMarkdownReportIsRendered_ThenItIsBetweenIsolates()
    {
        var markdown = MarkdownReport.Render(Context());

        Assert.Contains("\u2068Title " + Spoof + "\u2069", markdown, StringComparison.Ordinal);
        Assert.Contains("\u2068Reply " + Spoof + "\u2069", markdown, StringComparison.Ordinal);
        Assert.Contains("\u2068tag " + Spoof + "\u2069", markdown, StringComparison.Ordinal);

        // every override is closed on its own line: no line has more FSIs than PDIs
        foreach (var line in markdown.Split('\n'))
        {
            Assert.Equal(line.Count(c => c == '\u2068'), line.Count(c => c == '\u2069'));
        }
    }

    [Fact]
    public void GivenUserTextWithAnUnclosedOverride_WhenTheCsvReportIsRendered_ThenTheCellIsBetweenIsolates()
    {
        var csv = CsvReport.Render(Context());

        Assert.Contains("\u2068Title " + Spoof + "\u2069", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("Café 漢字 🌍")]
    public void GivenTextThatCannotChangeDirection_WhenIsolated_ThenItIsUnchanged(string text)
    {
        Assert.Same(text, BidiText.Isolate(text));
    }

    [Theory]
    [InlineData("file\u202Egnp.exe")]
    [InlineData("שלום")]
    [InlineData("مرحبا")]
    [InlineData("a\u2067b")]
    public void GivenTextThatCanChangeDirection_WhenIsolated_ThenItIsWrappedInFsiAndPdi(string text)
    {
        Assert.Equal("\u2068" + text + "\u2069", BidiText.Isolate(text));
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](data:text/html,hi)")]
    [InlineData("[click me](/relative)")]
    public void GivenAnUnsafeLink_WhenUserMarkdownIsRendered_ThenItsTextIsPlainTextAndNoLink(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        Assert.Equal("<p>click me</p>", html);
    }

    [Fact]
    public void GivenASafeLink_WhenUserMarkdownIsRendered_ThenItStaysALink()
    {
        Assert.Contains("href=\"https://example.org\"", SafeMarkdown.ToHtml("[x](https://example.org)"), StringComparison.Ordinal);
    }
}
