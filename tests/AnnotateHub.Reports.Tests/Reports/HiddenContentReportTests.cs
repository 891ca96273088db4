using AnnotateHub.Domain;

namespace AnnotateHub.Reports.Tests;

/// <summary>
/// Reports leave out what a moderator hid, in every format and whoever the report is for: a hidden reply is left out of
/// its thread, a hidden source out of the sources, a hidden annotation out of the report entirely.
/// </summary>
public sealed class HiddenContentReportTests
{
    private const string Reply = "spamreplymarker";
    private const string SourceTitle = "spamsourcetitle";
    private const string SourceQuote = "spamsourcequote";
    private const string SourceHost = "spam.example";
    private const string ClaimBody = "spamclaimbody";
    private const string ClaimHeadline = "spamheadline";
    private const string ClaimRuling = "spamruling";

    private static readonly string[] Formats = ["html", "pdf", "public-html", "markdown", "csv", "claimreview", "w3c"];

    public static TheoryData<string> AllFormats => [.. Formats];

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void GivenAHiddenReply_WhenAReportIsMade_ThenItsThreadLeavesTheReplyOut(string format)
    {
        var sample = SampleWorkspace.Build();
        sample.Apply(SampleWorkspace.BudgetId, new AddReply(SampleWorkspace.Ben, "c-growth", "r-spam", Reply + " buy now"));
        var before = Render(format, sample.WorkspaceContext());

        sample.Apply(SampleWorkspace.BudgetId, new HideContent(SampleWorkspace.Mo, "c-growth", ModeratedItem.Reply, "r-spam", "Spam."));
        var after = Render(format, sample.WorkspaceContext());

        Assert.Equal(format is "html" or "pdf" or "markdown" or "w3c", before.Contains(Reply, StringComparison.Ordinal)); // the formats that show threads
        Assert.DoesNotContain(Reply, after, StringComparison.Ordinal);
        Assert.DoesNotContain("Spam.", after, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void GivenAHiddenSource_WhenAReportIsMade_ThenTheSourceIsLeftOut(string format)
    {
        var sample = SampleWorkspace.Build();
        sample.Apply(SampleWorkspace.BudgetId, new AttachSource(SampleWorkspace.Ben, "c-growth", "s-spam", SourceTitle, SourceStance.Supports,
            Url: $"https://{SourceHost}/shop", Quote: SourceQuote));
        var before = Render(format, sample.WorkspaceContext());

        sample.Apply(SampleWorkspace.BudgetId, new HideContent(SampleWorkspace.Mo, "c-growth", ModeratedItem.Source, "s-spam", "Spam link."));
        var after = Render(format, sample.WorkspaceContext());

        Assert.Equal(format != "claimreview", before.Contains(SourceTitle, StringComparison.Ordinal)); // ClaimReview lists no sources
        foreach (var text in new[] { SourceTitle, SourceQuote, SourceHost })
        {
            Assert.DoesNotContain(text, after, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void GivenAHiddenPublishedClaim_WhenAReportIsMade_ThenTheClaimIsLeftOutEntirely(string format)
    {
        var sample = SampleWorkspace.Build();
        sample.Apply(SampleWorkspace.BudgetId, new Highlight(SampleWorkspace.Ben, "c-spam", AnnotationKind.Claim, TargetSpec.ForQuote("Critics disagree"), ClaimBody));
        sample.Apply(SampleWorkspace.BudgetId, new CastVote(SampleWorkspace.Ana, "c-spam", Verdict.False, "No."));
        sample.Apply(SampleWorkspace.BudgetId, new CastVote(SampleWorkspace.Chen, "c-spam", Verdict.False, "No."));
        sample.Apply(SampleWorkspace.BudgetId, new ResolveClaim(SampleWorkspace.Mo, "c-spam", Verdict.False, ClaimRuling));
        sample.Apply(SampleWorkspace.BudgetId, new PublishClaim(SampleWorkspace.Mo, "c-spam", ClaimHeadline, "Summary."));
        string[] markers = [ClaimBody, ClaimHeadline, ClaimRuling];
        var before = Render(format, sample.WorkspaceContext());

        sample.Apply(SampleWorkspace.BudgetId, new HideContent(SampleWorkspace.Mo, "c-spam", ModeratedItem.Annotation, null, "Legal hold."));
        var after = Render(format, sample.WorkspaceContext());

        Assert.Contains(markers, m => before.Contains(m, StringComparison.Ordinal));
        Assert.All(markers, m => Assert.DoesNotContain(m, after, StringComparison.Ordinal));
    }

    [Fact]
    public void GivenHiddenItems_WhenTheDocumentIsShownToReports_ThenNothingElseChanges()
    {
        var sample = SampleWorkspace.Build();
        Assert.Same(sample.Budget, HiddenContent.WithoutHidden(sample.Budget)); // nothing hidden: the same state

        sample.Apply(SampleWorkspace.BudgetId, new HideContent(SampleWorkspace.Mo, "c-growth", ModeratedItem.Reply, "r-1", "Off topic."));
        var shown = HiddenContent.WithoutHidden(sample.Budget);

        Assert.Equal(["r-2", "r-3"], shown.FindAnnotation("c-growth")!.Replies.Select(r => r.Id));
        Assert.Equal(sample.Budget.Annotations.Select(a => a.Id), shown.Annotations.Select(a => a.Id));
        Assert.Equal(sample.Budget.Version, shown.Version);
    }

    private static string Render(string format, ReportContext context) => format switch
    {
        "html" => HtmlReport.Render(context),
        "pdf" => HtmlReport.RenderForPrint(context),
        "public-html" => PublicReport.Render(context),
        "markdown" => MarkdownReport.Render(context),
        "csv" => CsvReport.Render(context),
        "claimreview" => ClaimReviewReport.Render(context),
        "w3c" => WebAnnotationReport.Render(context),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
