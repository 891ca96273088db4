using System.Collections.Immutable;
using AnnotateHub.Domain;
using AnnotateHub.Grains;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// A reviewed workspace for the export figures, decided by the real domain rules with fixed ids and times:
/// <see cref="Documents"/> articles with <see cref="ClaimsPerDocument"/> claims each (1,000 in all) and a few comments.
/// Per claim, by its number: 0 to 3 votes with rationales (agreeing or not, so claims are open, in consensus or
/// disputed), a moderator's ruling on about a third (with minority views where the votes differed), 0 to 2 replies,
/// a web source on every other claim and a passage of another document on every 25th, tags on most.
/// </summary>
public sealed class ExportWorkload
{
    public const int Documents = 10;
    public const int ClaimsPerDocument = 100;
    public const int CommentsPerDocument = 10;
    public const string WorkspaceId = "ws-export";

    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly Actor[] Reviewers =
    [
        new("u-ana", WorkspaceRole.Reviewer, "Ana Lima"),
        new("u-ben", WorkspaceRole.Reviewer, "Ben Okafor"),
        new("u-chen", WorkspaceRole.Reviewer, "Chen Jing"),
        new("u-dia", WorkspaceRole.Reviewer, "Dia Moreau"),
    ];

    private static readonly Actor Moderator = new("u-mo", WorkspaceRole.Moderator, "Mo Derator");

    private static readonly string[] Rationales =
    [
        "The bureau's release for the same month gives a different figure; see table 2.",
        "Matches the published series once seasonal adjustment is taken into account.",
        "The number is right but the comparison period is cherry-picked.",
        "No source offered and none found after searching the archive.",
        "Two independent datasets agree with the claim within a rounding error.",
    ];

    private static readonly string[] Replies =
    [
        "I checked the **archive**: the March release was revised twice.",
        "Can we get the original press release? The link in the article is dead.",
        "Agree with the ruling; adding the methodology note to the source.",
    ];

    private static readonly Verdict[] Verdicts = [Verdict.True, Verdict.MostlyTrue, Verdict.Mixed, Verdict.MostlyFalse, Verdict.False, Verdict.Unproven];

    private DateTimeOffset _clock = Start;

    private ExportWorkload()
    {
    }

    /// <summary>The workspace record listing the documents.</summary>
    public WorkspaceState Workspace { get; private set; } = new();

    /// <summary>Each document folded, in workspace order.</summary>
    public IReadOnlyList<DocumentState> States { get; private set; } = [];

    /// <summary>Each document's events, in workspace order.</summary>
    public IReadOnlyList<IReadOnlyList<DocumentEvent>> Events { get; private set; } = [];

    public static IReadOnlyDictionary<string, string> Names { get; } =
        Reviewers.Append(Moderator).ToDictionary(a => a.UserId, a => a.DisplayName!);

    public int Claims => States.Sum(s => s.Annotations.Count(a => a.IsClaim() && !a.Deleted));

    public int EventCount => Events.Sum(e => e.Count);

    public static ExportWorkload Build()
    {
        var workload = new ExportWorkload();
        workload.Populate();
        return workload;
    }

    private void Populate()
    {
        var states = new List<DocumentState>(Documents);
        var events = new List<IReadOnlyList<DocumentEvent>>(Documents);
        var listed = ImmutableArray.CreateBuilder<WorkspaceDocument>(Documents);
        for (var d = 0; d < Documents; d++)
        {
            var id = $"doc-export-{d:00}";
            var log = new List<DocumentEvent>();
            var state = DocumentState.Empty;
            var author = Reviewers[d % Reviewers.Length];
            state = Apply(state, log, new CreateDocument(author, id, WorkspaceId, $"Jobs report, part {d + 1}", Workload.Article(2500, seed: 100 + d), "https://news.example/jobs/" + d, 2));
            var length = state.TextIndex.CodePointLength;
            for (var c = 0; c < ClaimsPerDocument; c++)
            {
                state = Claim(state, log, d, c, length, d > 0 ? states[0] : null);
            }

            for (var n = 0; n < CommentsPerDocument; n++)
            {
                var random = new Random(d * 1000 + n);
                var start = random.Next(length - 60);
                state = Apply(state, log, new Highlight(Reviewers[n % Reviewers.Length], $"n{n}", n % 2 == 0 ? AnnotationKind.Comment : AnnotationKind.Question,
                    TargetSpec.ForPosition(start, start + 20 + random.Next(40)), "Worth a follow-up piece?"));
            }

            states.Add(state);
            events.Add(log);
            listed.Add(new WorkspaceDocument(id, state.Title, author.UserId, state.CreatedAt));
        }

        States = states;
        Events = events;
        Workspace = new WorkspaceState
        {
            Id = WorkspaceId,
            Name = "Export desk",
            CreatedBy = Moderator.UserId,
            CreatedAt = Start.AddDays(-1),
            Settings = new WorkspaceSettings { Quorum = 2, PublisherName = "Fact Desk", PublisherUrl = "https://factdesk.example" },
            Documents = listed.MoveToImmutable(),
        };
    }

    private DocumentState Claim(DocumentState state, List<DocumentEvent> log, int d, int c, int length, DocumentState? linkable)
    {
        var random = new Random(d * 7919 + c * 31 + 5);
        var id = $"c{c}";
        var span = 15 + random.Next(90);
        var start = random.Next(length - span);
        var author = Reviewers[(c + d) % Reviewers.Length];
        var tags = ImmutableArray.CreateRange(new[] { "economy", "statistics", "needs-source", "headline" }.Skip(c % 4).Take(c % 3));
        state = Apply(state, log, new Highlight(author, id, AnnotationKind.Claim, TargetSpec.ForPosition(start, start + span), Rationales[c % Rationales.Length], tags));

        if (c % 2 == 0)
        {
            state = Apply(state, log, new AttachSource(author, id, "s-web", $"Bureau release {c}", (SourceStance)(c % 3),
                Url: $"https://stats.example/releases/{d}/{c}", Quote: "Unemployment fell to 4.1% in the third quarter.", Note: "Table 2, *seasonally adjusted*."));
        }

        if (linkable is not null && c % 25 == 0)
        {
            var passage = TargetResolver.Resolve(linkable.TextIndex, TargetSpec.ForPosition(100, 160));
            state = Apply(state, log, new AttachSource(author, id, "s-passage", "Part 1 of the report", SourceStance.Context,
                LinkedDocumentId: linkable.Id, LinkedTarget: passage.Value));
        }

        var votes = c % 4;
        var agree = c % 3 != 0;
        for (var v = 0; v < votes; v++)
        {
            var voter = Reviewers[(c + v + 1) % Reviewers.Length];
            var verdict = agree ? Verdicts[c % Verdicts.Length] : Verdicts[(c + v) % Verdicts.Length];
            state = Apply(state, log, new CastVote(voter, id, verdict, v == 0 ? Rationales[(c + v) % Rationales.Length] : string.Empty, RequireRationale: false));
        }

        for (var r = 0; r < c % 3; r++)
        {
            state = Apply(state, log, new AddReply(Reviewers[(c + r) % Reviewers.Length], id, $"r{r}", Replies[(c + r) % Replies.Length]));
        }

        if (votes >= 2 && c % 3 != 1)
        {
            state = Apply(state, log, new ResolveClaim(Moderator, id, Verdicts[(c + 2) % Verdicts.Length], "Ruled on the bureau's revised series; see the sources."));
        }

        return state;
    }

    private DocumentState Apply(DocumentState state, List<DocumentEvent> log, DocumentCommand command)
    {
        _clock = _clock.AddMinutes(1);
        var decision = DocumentDecider.Decide(state, command, _clock);
        if (decision.IsRejected)
        {
            throw new InvalidOperationException($"export workload: {command.GetType().Name} rejected: {decision.Error}");
        }

        log.AddRange(decision.Events);
        return DocumentDecider.Fold(state, decision.Events);
    }
}
