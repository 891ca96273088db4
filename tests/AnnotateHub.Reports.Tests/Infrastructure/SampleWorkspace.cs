using System.Collections.Immutable;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage;

namespace AnnotateHub.Reports.Tests;

/// <summary>
/// A fixed workspace built through the real domain rules (Decide/Evolve) with fixed ids and times: two documents with
/// emoji and CJK text, claims in every status (open, consensus, disputed, resolved, reopened, deleted), a comment,
/// votes with minority views, URL and passage sources, threads, and hostile strings in bodies, tags, source titles,
/// rationales, titles and a display name.
/// </summary>
internal sealed class SampleWorkspace
{
    public const string WorkspaceId = "ws-desk";
    public const string BudgetId = "doc-budget";
    public const string TranscriptId = "doc-transcript";

    public const string Script = "<script>alert(1)</script>";
    public const string Img = "<img src=x onerror=alert(1)>";
    public const string JsLink = "[x](javascript:alert(1))";
    public const string Formula = "=HYPERLINK(\"http://evil.example\",\"click\")";

    public static readonly DateTimeOffset Start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset GeneratedAt = new(2026, 11, 22, 8, 30, 0, TimeSpan.Zero);

    public static readonly Actor Ana = new("u-ana", WorkspaceRole.Reviewer);
    public static readonly Actor Ben = new("u-ben", WorkspaceRole.Reviewer);
    public static readonly Actor Chen = new("u-chen", WorkspaceRole.Reviewer);
    public static readonly Actor Mo = new("u-mo", WorkspaceRole.Moderator);

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["u-ana"] = "Ana Lima",
        ["u-ben"] = "Ben <b onmouseover=alert(1)>Bold</b>",
        ["u-chen"] = "陈静",
        ["u-mo"] = "Mo Derator",
    };

    public const string BudgetText =
        "The mayor said the city budget grew by 12% in 2025. 📈 Critics disagree.\n" +
        "市长说预算增加了百分之十二。\n" +
        "\n" +
        "Schools received =HYPERLINK(\"http://evil.example\",\"click\") more funding than ever 🎓.\n" +
        "Crime fell by half, the speech claimed 👮🏽‍♀️ <script>alert(1)</script>.";

    public const string TranscriptText =
        "Q: Did the program cut waiting times?\n" +
        "A: Yes, waiting times dropped 40% 🚀 since March.\n" +
        "Q: And the budget?\n" +
        "A: It grew 12%, like the mayor said. 東京 too.";

    private DateTimeOffset _clock = Start;

    private SampleWorkspace()
    {
    }

    public WorkspaceState Workspace { get; private set; } = new();

    public DocumentState Budget { get; private set; } = DocumentState.Empty;

    public DocumentState Transcript { get; private set; } = DocumentState.Empty;

    public IReadOnlyList<DocumentEvent> BudgetEvents => _events[BudgetId];

    public IReadOnlyList<DocumentEvent> TranscriptEvents => _events[TranscriptId];

    private readonly Dictionary<string, List<DocumentEvent>> _events = new()
    {
        [BudgetId] = [],
        [TranscriptId] = [],
    };

    public static string Name(string userId) => Names.TryGetValue(userId, out var name) ? name : userId;

    public static SampleWorkspace Build()
    {
        var s = new SampleWorkspace();
        s.Populate();
        return s;
    }

    public ReportContext WorkspaceContext(string baseIri = "https://hub.example/api/v1") =>
        ReportContext.ForWorkspace(Workspace, [Budget, Transcript], Name, GeneratedAt) with { BaseIri = baseIri, PublicBaseUrl = PublicBaseUrl };

    public ReportContext DocumentContext(string baseIri = "https://hub.example/api/v1") =>
        ReportContext.ForDocument(Workspace, Budget, Name, GeneratedAt) with { BaseIri = baseIri, PublicBaseUrl = PublicBaseUrl };

    /// <summary>Where the sample's public pages are.</summary>
    public const string PublicBaseUrl = "https://checks.example";

    /// <summary>The sample's one published claim (the budget's growth claim).</summary>
    public PublishedItem Published => new(Budget, Budget.FindAnnotation("c-growth")!);

    /// <summary>The documents' event streams as a store would hand them out.</summary>
    public IReadOnlyList<DocumentStream> StoredStreams() =>
    [
        new(BudgetId, ToStored(BudgetId, _events[BudgetId])),
        new(TranscriptId, ToStored(TranscriptId, _events[TranscriptId])),
    ];

    public static IReadOnlyList<StoredEvent> ToStored(string documentId, IEnumerable<DocumentEvent> events) =>
        [.. events.Select(e => new StoredEvent(DocumentStreams.StreamId(documentId), e.Sequence, e.EventType, DomainJson.SerializeEvent(e), e.At.AddMilliseconds(3)))];

    private void Populate()
    {
        Workspace = new WorkspaceState
        {
            Id = WorkspaceId,
            Name = "Night desk 🌙 <Fact> & Check",
            CreatedBy = Mo.UserId,
            CreatedAt = Start.AddDays(-1),
            Settings = new WorkspaceSettings
            {
                Quorum = 2,
                PublisherName = "Fact Desk",
                PublisherUrl = "https://factdesk.example/checks",
                PublisherLogoUrl = "https://factdesk.example/logo.png",
                AccentColor = "#0b6e4f",
                TimeZone = "America/New_York",
            },
        };

        // Document 1: a speech, with a URL.
        Apply(BudgetId, new CreateDocument(Mo, BudgetId, WorkspaceId, "City budget speech 🏛️ " + Script, BudgetText, "https://news.example/budget?x=1&y=2", 2));

        Apply(BudgetId, new Highlight(Ana, "c-growth", AnnotationKind.Claim, TargetSpec.ForQuote("the city budget grew by 12% in 2025. 📈"),
            "Check the **official** numbers. " + JsLink + " " + Script, ["budget", Formula, Img]));
        Apply(BudgetId, new AttachSource(Ana, "c-growth", "s-report", "Budget report " + Img, SourceStance.Refutes,
            Url: "https://budget.example/2025", Quote: "Spending rose 9% in 2025.", Note: "=1+1 see table 3 " + JsLink));
        Apply(BudgetId, new CastVote(Ana, "c-growth", Verdict.False, "The report says 9%. " + Script));
        Apply(BudgetId, new CastVote(Ben, "c-growth", Verdict.MostlyFalse, "Growth was real, the number is wrong."));
        Apply(BudgetId, new AddReply(Ana, "c-growth", "r-1", "I think it's 9% 🧐 — see the table."));
        Apply(BudgetId, new AddReply(Ben, "c-growth", "r-2", "@Ana agreed " + Img));
        Apply(BudgetId, new AddReply(Chen, "c-growth", "r-3", "已核实。"));
        Apply(BudgetId, new DeleteReply(Chen, "c-growth", "r-3"));
        Apply(BudgetId, new ResolveClaim(Mo, "c-growth", Verdict.MostlyFalse,
            "The budget grew 9%, not 12%. See [the report](https://budget.example/2025) and " + JsLink + " " + Script));
        Apply(BudgetId, new PublishClaim(Mo, "c-growth", "The budget grew 9%, not 12% " + Script,
            "The city's own report shows 9% growth " + Img + ".\n\nThe mayor's office did not comment.", "Mayor Lee " + Script, new DateOnly(2026, 11, 20)));

        Apply(BudgetId, new Highlight(Chen, "c-cjk", AnnotationKind.Claim, TargetSpec.ForQuote("市长说预算增加了百分之十二。"), "中文说法。", ["中文"]));
        Apply(BudgetId, new CastVote(Ana, "c-cjk", Verdict.True, "Matches the transcript."));
        Apply(BudgetId, new CastVote(Chen, "c-cjk", Verdict.True, RequireRationale: false));

        Apply(BudgetId, new Highlight(Ben, "c-schools", AnnotationKind.Claim, TargetSpec.ForQuote(Formula + " more funding than ever 🎓"),
            "-2+3 @SUM(A1) " + Formula, ["=cmd|' /C calc'!A0", "@risk", "+plus", "-minus"]));
        Apply(BudgetId, new CastVote(Ana, "c-schools", Verdict.True, "=1+2"));
        Apply(BudgetId, new CastVote(Ben, "c-schools", Verdict.False, RequireRationale: false));

        Apply(BudgetId, new Highlight(Ana, "c-crime", AnnotationKind.Claim, TargetSpec.ForQuote("Crime fell by half"), "No data yet."));
        Apply(BudgetId, new CastVote(Chen, "c-crime", Verdict.Unproven, RequireRationale: false));

        Apply(BudgetId, new Highlight(Ben, "n-speech", AnnotationKind.Comment, TargetSpec.ForQuote("the speech claimed"), "Which speech? " + Img));
        Apply(BudgetId, new AddReply(Ana, "n-speech", "r-4", "The one on 20 November."));

        Apply(BudgetId, new Highlight(Ben, "c-gone", AnnotationKind.Claim, TargetSpec.ForQuote("Critics disagree"), "Mistake."));
        Apply(BudgetId, new DeleteAnnotation(Ben, "c-gone"));

        // Document 2: a transcript, no URL.
        Apply(TranscriptId, new CreateDocument(Ana, TranscriptId, WorkspaceId, "Interview transcript 東京", TranscriptText, null, 2));
        Apply(TranscriptId, new Highlight(Ana, "c-wait", AnnotationKind.Claim, TargetSpec.ForQuote("waiting times dropped 40% 🚀"), string.Empty, ["health"]));
        Apply(TranscriptId, new CastVote(Ana, "c-wait", Verdict.Unproven, "No published figures."));
        Apply(TranscriptId, new CastVote(Ben, "c-wait", Verdict.Unproven, RequireRationale: false));

        Apply(TranscriptId, new Highlight(Ben, "c-grew", AnnotationKind.Claim, TargetSpec.ForQuote("It grew 12%"), "Same claim as the speech."));
        var passage = TargetResolver.Resolve(Budget.Text, TargetSpec.ForQuote("the city budget grew by 12% in 2025.")).Value!;
        Apply(TranscriptId, new AttachSource(Ben, "c-grew", "s-passage", "The speech " + Script, SourceStance.Context,
            LinkedDocumentId: BudgetId, LinkedTarget: passage));
        Apply(TranscriptId, new CastVote(Ana, "c-grew", Verdict.False, RequireRationale: false));
        Apply(TranscriptId, new CastVote(Ben, "c-grew", Verdict.True, RequireRationale: false));
        Apply(TranscriptId, new ResolveClaim(Mo, "c-grew", Verdict.False, "Same as the speech: 9%."));
        Apply(TranscriptId, new PublishClaim(Mo, "c-grew", "Withdrawn headline", "Withdrawn summary."));
        Apply(TranscriptId, new ReopenClaim(Mo, "c-grew", "New figures arrived."));

        Workspace = Workspace with
        {
            Documents =
            [
                new WorkspaceDocument(BudgetId, Budget.Title, Mo.UserId, Budget.CreatedAt),
                new WorkspaceDocument(TranscriptId, Transcript.Title, Ana.UserId, Transcript.CreatedAt),
            ],
        };
    }

    /// <summary>Runs one more command on a document of the sample (tests that change it build a sample of their own).</summary>
    public void Apply(string documentId, DocumentCommand command)
    {
        _clock = _clock.AddMinutes(1);
        var state = documentId == BudgetId ? Budget : Transcript;
        var decision = DocumentDecider.Decide(state, command, _clock);
        if (decision.IsRejected)
        {
            throw new InvalidOperationException($"Sample command {command.GetType().Name} was rejected: {decision.Error.Code}: {decision.Error.Message}");
        }

        foreach (var e in decision.Events)
        {
            state = DocumentDecider.Evolve(state, e);
            _events[documentId].Add(e);
        }

        if (documentId == BudgetId)
        {
            Budget = state;
        }
        else
        {
            Transcript = state;
        }
    }
}
