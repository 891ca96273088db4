using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;

namespace AnnotateHub.Domain.Tests;

public sealed partial class DocumentTests
{
    /// <summary>A history that produces every event type at least once.</summary>
    internal static DocumentCommand[] EveryEventScenario() =>
    [
        Create(),
        Claim(tags: ["economy", "jobs"]),
        Comment(),
        new EditAnnotation(Alice, "c1", Body: "Check BLS table A-1.", Tags: ["economy"]),
        new AddReply(Bob, "c1", "r1", "Which month?"),
        new EditReply(Bob, "c1", "r1", "Which month? December?"),
        new AddReply(Carol, "c1", "r2", "Off topic"),
        new DeleteReply(Mona, "c1", "r2"),
        UrlSource("s1", Bob),
        new AttachSource(Carol, "c1", "s2", "Fed minutes", SourceStance.Context, Note: "See p. 3", LinkedDocumentId: "doc-2", LinkedTarget: OtherPassage),
        new DetachSource(Bob, "c1", "s1"),
        Vote(Bob, Verdict.True, rationale: "Matches."),
        Vote(Carol, Verdict.MostlyFalse, rationale: "Seasonal adjustment."),
        new RevealVotes(Mona, "c1"),
        new ResolveClaim(Mona, "c1", Verdict.MostlyTrue, "Close enough."),
        new PublishClaim(Mona, "c1", "Unemployment fell, roughly", "Close enough.", "Gov. Reed", new DateOnly(2025, 3, 1)),
        new UnpublishClaim(Ada, "c1"),
        new PublishClaim(Mona, "c1", "Unemployment fell, roughly as said", "Close enough."),
        new ReopenClaim(Ada, "c1", "New revision."),
        new DeleteAnnotation(Alice, "n1"),
        new ResolveThread(Alice, "c1"),
        new ReopenThread(Mona, "c1"),
        new ResolveThread(Ada, "c1"),
        new FlagContent(Vic, "c1", "f1", ModeratedItem.Annotation, null, "Misleading quote."),
        new HideContent(Mona, "c1", ModeratedItem.Source, "s2", "Broken link."),
        new UnhideContent(Mona, "c1", ModeratedItem.Source, "s2"),
        new LockThread(Mona, "c1", "Cooling off."),
        new UnlockThread(Mona, "c1"),
    ];

    /// <summary>The events of <see cref="EveryEventScenario"/>, decided one minute apart.</summary>
    internal static List<DocumentEvent> EveryEvent()
    {
        var state = DocumentState.Empty;
        var events = new List<DocumentEvent>();
        var commands = EveryEventScenario();
        for (var i = 0; i < commands.Length; i++)
        {
            var decision = DocumentDecider.Decide(state, commands[i], Now.AddMinutes(i));
            Assert.True(decision.IsAccepted, decision.Error?.Message);
            events.AddRange(decision.Events);
            state = DocumentDecider.Fold(state, decision.Events);
        }

        return events;
    }

    private static readonly JsonSerializerOptions CamelCase = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static string Json(DocumentState state) => JsonSerializer.Serialize(state, CamelCase);

    [Fact]
    public void GivenAHistory_ThenSequencesAreConsecutiveFromOneAndVersionIsTheLast()
    {
        var events = EveryEvent();

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(events.Count, DocumentDecider.Fold(events).Version);
    }

    [Fact]
    public void GivenAHistory_WhenFolded_ThenSameStateAsEvolvingOneEventAtATime()
    {
        var events = EveryEvent();

        var folded = DocumentDecider.Fold(events);
        var evolved = events.Aggregate(DocumentState.Empty, DocumentDecider.Evolve);

        Assert.Equal(Json(evolved), Json(folded));
        Assert.Equal(ClaimStatus.Disputed, AnnotationOf(folded).Status);
        Assert.True(AnnotationOf(folded, "n1").Deleted);
        Assert.True(AnnotationOf(folded).ThreadResolved);
        Assert.Equal("ada", AnnotationOf(folded).ThreadResolvedBy);
    }

    [Fact]
    public void GivenASnapshot_WhenTheRemainingEventsAreFolded_ThenSameStateAsAFullFold()
    {
        var events = EveryEvent();
        var snapshot = DomainJson.DeserializeState(DomainJson.SerializeState(DocumentDecider.Fold(events.Take(7))));

        var resumed = DocumentDecider.Fold(snapshot, events.Skip(7));

        Assert.Equal(Json(DocumentDecider.Fold(events)), Json(resumed));
        Assert.Equal("r1", resumed.FindAnnotation("c1")!.Replies[0].Id);
    }

    [Fact]
    public void GivenAState_WhenAnEventSkipsASequence_ThenEvolveRefusesIt()
    {
        var events = EveryEvent();
        var state = DocumentDecider.Fold(events.Take(3));

        var gap = events[4];

        Assert.Throws<InvalidOperationException>(() => DocumentDecider.Evolve(state, gap));
        Assert.Throws<InvalidOperationException>(() => DocumentDecider.Fold(state, [gap]));
    }

    [Fact]
    public void GivenAState_WhenAnEventNamesAMissingAnnotation_ThenEvolveRefusesIt()
    {
        var state = Given(Create());
        var orphan = new AnnotationDeleted { ActorId = "alice", At = Now, Sequence = 2, AnnotationId = "ghost" };

        Assert.Throws<InvalidOperationException>(() => DocumentDecider.Evolve(state, orphan));
    }

    [Fact]
    public void GivenAnAnnotation_WhenAnotherCreationEventReusesItsId_ThenEvolveAndFoldRefuseIt()
    {
        var state = Given(Create(), Claim());
        var duplicate = new AnnotationCreated
        {
            ActorId = "bob",
            At = Now,
            Sequence = 3,
            AnnotationId = "c1",
            Kind = AnnotationKind.Comment,
            Target = AnnotationOf(state).Target,
        };

        Assert.Throws<InvalidOperationException>(() => DocumentDecider.Evolve(state, duplicate));
        Assert.Throws<InvalidOperationException>(() => DocumentDecider.Fold(state, [duplicate]));
    }

    [Fact]
    public void GivenTheSameStateCommandAndTime_WhenDecidedTwice_ThenTheEventsAreIdentical()
    {
        var state = Given(Create(), Claim(), Vote(Bob, Verdict.True));

        var first = When(state, Vote(Carol, Verdict.False));
        var second = When(state, Vote(Carol, Verdict.False));

        Assert.Equal(
            JsonSerializer.Serialize(first.Events, CamelCase),
            JsonSerializer.Serialize(second.Events, CamelCase));
    }

    [Fact]
    public void GivenAStateBuiltOrCopiedAnyWay_WhenLookingUpAnnotations_ThenEveryIdIsFound()
    {
        var folded = DocumentDecider.Fold(EveryEvent());
        var copied = folded with { Title = "Renamed" };
        var rebuilt = folded with { Annotations = folded.Annotations.Reverse().ToImmutableArray() };
        var deserialized = DomainJson.DeserializeState(DomainJson.SerializeState(folded));

        foreach (var state in new[] { folded, copied, rebuilt, deserialized })
        {
            Assert.Equal("c1", state.FindAnnotation("c1")!.Id);
            Assert.Equal("n1", state.FindAnnotation("n1")!.Id);
            Assert.Null(state.FindAnnotation("missing"));
        }

        Assert.Equal(1, rebuilt.IndexOfAnnotation("c1"));
    }

    [Fact]
    // Speed is the benchmarks' (open-2000, activation figures), not a timing assertion on a shared machine.
    public void GivenTenThousandAnnotationCreatedEvents_WhenFolded_ThenEveryAnnotationIsFound()
    {
        var state = DocumentDecider.Fold(TenThousandAnnotations());

        Assert.Equal(10_000, state.Annotations.Length);
        Assert.Equal("a9999", state.FindAnnotation("a9999")!.Id);
    }

    [Fact]
    public void GivenTenThousandAnnotations_WhenVotesAreDecidedAndEvolved_ThenEachVoteIsAVersion()
    {
        var state = DocumentDecider.Fold(TenThousandAnnotations());
        var voters = Enumerable.Range(0, 200).Select(i => new Actor($"user{i}", WorkspaceRole.Reviewer)).ToArray();
        var decision = When(state, Vote(voters[0], Verdict.True, "a5000"));
        state = Then(state, decision); // warm up

        for (var i = 1; i < voters.Length; i++)
        {
            decision = When(state, Vote(voters[i], (Verdict)(i % 6), $"a{i * 37}"));
            foreach (var e in decision.Events)
            {
                state = DocumentDecider.Evolve(state, e);
            }
        }

        Assert.Equal(10_001 + voters.Length, state.Version);
    }

    private static List<DocumentEvent> TenThousandAnnotations()
    {
        var create = DocumentDecider.Decide(DocumentState.Empty, Create(), Now).Events.Single();
        var target = new TextTarget(new TextQuoteSelector("fell", "The unemployment rate ", " to 3.5"), new TextPositionSelector(22, 26));
        var events = new List<DocumentEvent> { create };
        for (var i = 0; i < 10_000; i++)
        {
            events.Add(new AnnotationCreated
            {
                ActorId = "alice",
                At = Now,
                Sequence = i + 2,
                AnnotationId = $"a{i}",
                Kind = AnnotationKind.Claim,
                Target = target,
                Body = "Check.",
                Tags = ["economy"],
            });
        }

        return events;
    }
}
