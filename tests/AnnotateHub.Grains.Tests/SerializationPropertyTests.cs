using System.Collections.Immutable;
using System.Text.Json;
using AnnotateHub.Domain;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AnnotateHub.Grains.Tests;

/// <summary>
/// Every value that crosses a silo or a client boundary comes back from Orleans's serializer unchanged: each command,
/// each event, generated document states, and the grains' own records. Domain records hold immutable arrays (compared by
/// reference), so values are compared by their exact JSON form and runtime type.
/// </summary>
public sealed class SerializationPropertyTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAnnotateHubSerialization())
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(100);

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    private static string Form(object value) => value.GetType().FullName + JsonSerializer.Serialize(value, value.GetType(), DomainSerialization.JsonOptions);

    private static IReadOnlyList<Type> Concrete<TBase>() =>
        [.. typeof(TBase).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TBase)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal)];

    public static TheoryData<string> CommandTypes() => [.. Concrete<DocumentCommand>().Select(t => t.Name)];

    public static TheoryData<string> EventTypes() => [.. Concrete<DocumentEvent>().Select(t => t.Name)];

    [Fact]
    public void EveryConcreteCommandAndEventTypeHasAGenerator()
    {
        Assert.Equal(Concrete<DocumentCommand>().Select(t => t.Name), DomainGen.Commands.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Concrete<DocumentEvent>().Select(t => t.Name), DomainGen.Events.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CommandTypes))]
    public void GivenAnyCommand_WhenItCrossesTheWireAsADocumentCommand_ThenItIsUnchanged(string typeName)
    {
        var generator = Assert.Contains(typeName, DomainGen.Commands);
        Check.One(Runs, Prop.ForAll(generator.ToArbitrary(), command =>
        {
            var back = RoundTrip(command);
            Assert.Equal(command.GetType(), back.GetType());
            Assert.Equal(Form(command), Form(back));
        }));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void GivenAnyEvent_WhenItCrossesTheWireAsADocumentEvent_ThenItIsUnchangedAndStoresTheSameBytes(string typeName)
    {
        var generator = Assert.Contains(typeName, DomainGen.Events);
        Check.One(Runs, Prop.ForAll(generator.ToArbitrary(), e =>
        {
            var back = RoundTrip(e);
            Assert.Equal(e.GetType(), back.GetType());
            Assert.Equal(Form(e), Form(back));
            Assert.Equal(DomainJson.SerializeEvent(e), DomainJson.SerializeEvent(back));
        }));
    }

    [Fact]
    public void GivenAGeneratedDocumentState_WhenItCrossesTheWire_ThenItIsUnchanged()
    {
        Check.One(Runs, Prop.ForAll(DomainGen.States.ToArbitrary(), state =>
        {
            var back = RoundTrip(state);
            Assert.Equal(DomainJson.SerializeState(state), DomainJson.SerializeState(back));
            Assert.Equal(state.Version, back.Version);
            Assert.Equal(state.Exists, back.Exists);
        }));
    }

    [Fact]
    public void GivenAChangeWithEventsOfEveryKind_WhenItCrossesTheWire_ThenItIsUnchanged()
    {
        var changes = DomainGen.Events.Values.Aggregate(
            Gen.Constant(ImmutableArray<DocumentEvent>.Empty),
            (list, gen) => from l in list from e in gen select l.Add(e));
        var gen =
            from id in DomainGen.Text
            from version in Gen.Choose(0, int.MaxValue)
            from events in changes
            select new DocumentChange(id, version, events);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), change =>
        {
            var back = RoundTrip(change);
            Assert.Equal((change.DocumentId, change.Version), (back.DocumentId, back.Version));
            Assert.Equal(change.Events.Select(Form), back.Events.Select(Form));
            Assert.Equal(change.AnnotationId, back.AnnotationId);
        }));
    }

    [Fact]
    public void GivenAPresenceEntry_WhenItCrossesTheWire_ThenItIsEqual()
    {
        var gen =
            from session in DomainGen.Text
            from user in DomainGen.Text
            from name in DomainGen.Text
            from annotation in DomainGen.OrNull(DomainGen.Text)
            from seen in DomainGen.Time
            select new PresenceEntry(session, user, name, annotation, seen);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), entry =>
        {
            var back = RoundTrip(entry);
            Assert.Equal(entry, back);
            Assert.Equal(entry.LastSeen.Offset, back.LastSeen.Offset);
            IReadOnlyList<PresenceEntry> list = [entry, entry with { SessionId = entry.SessionId + "-2" }];
            Assert.Equal(list, RoundTrip(list));
        }));
    }

    [Fact]
    public void GivenAWorkspaceState_WhenItCrossesTheWire_ThenItIsEqual()
    {
        var document =
            from id in DomainGen.Text
            from title in DomainGen.Text
            from author in DomainGen.Text
            from at in DomainGen.Time
            select new WorkspaceDocument(id, title, author, at);
        var gen =
            from id in DomainGen.Text
            from name in DomainGen.Text
            from author in DomainGen.Text
            from at in DomainGen.Time
            from quorum in Gen.Choose(1, 9)
            from blind in Gen.Elements(true, false)
            from requireRationale in Gen.Elements(true, false)
            from publisher in DomainGen.OrNull(DomainGen.Text)
            from url in DomainGen.OrNull(DomainGen.Text)
            from documents in DomainGen.Some(document, 0, 4)
            select new WorkspaceState
            {
                Id = id,
                Name = name,
                CreatedBy = author,
                CreatedAt = at,
                Settings = new WorkspaceSettings { Quorum = quorum, BlindVoting = blind, RequireRationale = requireRationale, PublisherName = publisher, PublisherUrl = url },
                Documents = [.. documents],
            };
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), state =>
        {
            var back = RoundTrip(state);
            Assert.Equal(state.Documents.ToArray(), back.Documents.ToArray());
            Assert.Equal(state, back with { Documents = state.Documents });
            Assert.Equal(state.CreatedAt.Offset, back.CreatedAt.Offset);
        }));
    }

    [Fact]
    public void GivenADomainException_WhenItCrossesTheWireAsAnException_ThenItKeepsItsKindCodeAndMessage()
    {
        var gen =
            from kind in Gen.Elements(Enum.GetValues<DomainErrorKind>())
            from code in DomainGen.Text
            from message in DomainGen.Text
            select new DomainException(new DomainError(kind, code, message));
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), exception =>
        {
            var back = Assert.IsType<DomainException>(RoundTrip<Exception>(exception));
            Assert.Equal(exception.Error, back.Error);
            Assert.Equal(exception.Message, back.Message);
        }));
    }
}

/// <summary>Generators for the domain's commands, events and states.</summary>
internal static class DomainGen
{
    private static readonly string[] Fragments = ["", "a", "claim", " ", "Café", "漢字", "😀", "\"q\"", "\n", "<b>&amp;", "3.5 %", "\\"];

    /// <summary>Strings of ordinary and awkward text (non-ASCII, emoji, quotes, markup, newlines), never null.</summary>
    public static Gen<string> Text { get; } = DomainGen.Some(Gen.Elements(Fragments), 0, 5).Select(parts => string.Concat(parts));

    /// <summary>Instants with whole-minute offsets from -14 h to +14 h.</summary>
    public static Gen<DateTimeOffset> Time { get; } =
        from ticks in Gen.Choose(0, int.MaxValue)
        from offset in Gen.Choose(-14 * 4, 14 * 4)
        select new DateTimeOffset(new DateTime(2020, 1, 1).AddTicks(ticks * 10_000_000L / 7), TimeSpan.FromMinutes(offset * 15));

    /// <summary>From <paramref name="min"/> to <paramref name="max"/> values of <paramref name="gen"/>.</summary>
    public static Gen<T[]> Some<T>(Gen<T> gen, int min, int max) =>
        from count in Gen.Choose(min, max)
        from values in Gen.ArrayOf(gen, count)
        select values;

    public static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class =>
        Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    private static Gen<T?> OrNullValue<T>(Gen<T> gen)
        where T : struct =>
        Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    private static Gen<T> Enum<T>()
        where T : struct, Enum => Gen.Elements(System.Enum.GetValues<T>());

    private static Gen<long> Sequence { get; } = Gen.Choose(1, int.MaxValue).Select(v => (long)v);

    private static Gen<ImmutableArray<string>> Tags { get; } =
        Gen.OneOf(Gen.Constant(default(ImmutableArray<string>)), DomainGen.Some(Text, 0, 3).Select(t => t.ToImmutableArray()));

    private static Gen<Actor> Actor { get; } =
        from id in Text
        from role in Enum<WorkspaceRole>()
        from name in OrNull(Text)
        select new Actor(id, role, name);

    private static Gen<TargetSpec> Spec { get; } = Gen.OneOf(
        from exact in Text
        from prefix in OrNull(Text)
        from suffix in OrNull(Text)
        select (TargetSpec)TargetSpec.ForQuote(exact, prefix, suffix),
        from start in Gen.Choose(0, 10_000)
        from length in Gen.Choose(0, 500)
        select (TargetSpec)TargetSpec.ForPosition(start, start + length));

    private static Gen<TextTarget> Target { get; } =
        from exact in Text
        from prefix in Text
        from suffix in Text
        from start in Gen.Choose(0, 10_000)
        from length in Gen.Choose(0, 500)
        select new TextTarget(new TextQuoteSelector(exact, prefix, suffix), new TextPositionSelector(start, start + length));

    private static Gen<Vote> VoteGen { get; } =
        from user in Text
        from verdict in Enum<Verdict>()
        from rationale in Text
        from cast in Time
        from changed in OrNullValue(Time)
        select new Vote { UserId = user, Verdict = verdict, Rationale = rationale, CastAt = cast, ChangedAt = changed };

    public static IReadOnlyDictionary<string, Gen<DocumentCommand>> Commands { get; } = new Dictionary<string, Gen<DocumentCommand>>
    {
        [nameof(CreateDocument)] =
            from a in Actor from id in Text from ws in Text from title in Text from text in Text from url in OrNull(Text) from quorum in Gen.Choose(0, 20)
            select (DocumentCommand)new CreateDocument(a, id, ws, title, text, url, quorum),
        [nameof(Highlight)] =
            from a in Actor from id in Text from kind in Enum<AnnotationKind>() from spec in Spec from body in Text from tags in Tags
            select (DocumentCommand)new Highlight(a, id, kind, spec, body, tags),
        [nameof(EditAnnotation)] =
            from a in Actor from id in Text from body in OrNull(Text) from tags in OrNullValue(Tags) from kind in OrNullValue(Enum<AnnotationKind>())
            select (DocumentCommand)new EditAnnotation(a, id, body, tags, kind),
        [nameof(DeleteAnnotation)] = from a in Actor from id in Text select (DocumentCommand)new DeleteAnnotation(a, id),
        [nameof(AddReply)] = from a in Actor from id in Text from r in Text from body in Text select (DocumentCommand)new AddReply(a, id, r, body),
        [nameof(EditReply)] = from a in Actor from id in Text from r in Text from body in Text select (DocumentCommand)new EditReply(a, id, r, body),
        [nameof(DeleteReply)] = from a in Actor from id in Text from r in Text select (DocumentCommand)new DeleteReply(a, id, r),
        [nameof(AttachSource)] =
            from a in Actor from id in Text from s in Text from title in Text from stance in Enum<SourceStance>()
            from url in OrNull(Text) from quote in OrNull(Text) from note in OrNull(Text) from linked in OrNull(Text) from target in OrNull(Target)
            select (DocumentCommand)new AttachSource(a, id, s, title, stance, url, quote, note, linked, target),
        [nameof(DetachSource)] = from a in Actor from id in Text from s in Text select (DocumentCommand)new DetachSource(a, id, s),
        [nameof(CastVote)] =
            from a in Actor from id in Text from v in Enum<Verdict>() from r in Text from required in Gen.Elements(true, false)
            select (DocumentCommand)new CastVote(a, id, v, r, required),
        [nameof(ResolveClaim)] = from a in Actor from id in Text from v in Enum<Verdict>() from r in Text select (DocumentCommand)new ResolveClaim(a, id, v, r),
        [nameof(ReopenClaim)] = from a in Actor from id in Text from r in OrNull(Text) select (DocumentCommand)new ReopenClaim(a, id, r),
        [nameof(ResolveThread)] = from a in Actor from id in Text select (DocumentCommand)new ResolveThread(a, id),
        [nameof(ReopenThread)] = from a in Actor from id in Text select (DocumentCommand)new ReopenThread(a, id),
        [nameof(RevealVotes)] = from a in Actor from id in Text select (DocumentCommand)new RevealVotes(a, id),
        [nameof(FlagContent)] =
            from a in Actor from id in Text from f in Text from item in Enum<ModeratedItem>() from itemId in OrNull(Text) from r in Text
            select (DocumentCommand)new FlagContent(a, id, f, item, itemId, r),
        [nameof(HideContent)] =
            from a in Actor from id in Text from item in Enum<ModeratedItem>() from itemId in OrNull(Text) from r in Text
            select (DocumentCommand)new HideContent(a, id, item, itemId, r),
        [nameof(UnhideContent)] =
            from a in Actor from id in Text from item in Enum<ModeratedItem>() from itemId in OrNull(Text)
            select (DocumentCommand)new UnhideContent(a, id, item, itemId),
        [nameof(LockThread)] = from a in Actor from id in Text from r in Text select (DocumentCommand)new LockThread(a, id, r),
        [nameof(UnlockThread)] = from a in Actor from id in Text select (DocumentCommand)new UnlockThread(a, id),
        [nameof(PublishClaim)] =
            from a in Actor from id in Text from h in Text from summary in Text from claimant in OrNull(Text) from day in Gen.Choose(0, 20_000)
            select (DocumentCommand)new PublishClaim(a, id, h, summary, claimant, day % 3 == 0 ? null : DateOnly.FromDayNumber(730_000 + day)),
        [nameof(UnpublishClaim)] = from a in Actor from id in Text select (DocumentCommand)new UnpublishClaim(a, id),
    };

    /// <summary>The fields every event has: actor, time, sequence, and (for annotation events) the annotation id.</summary>
    private sealed record Common(string ActorId, DateTimeOffset At, long Sequence, string AnnotationId);

    private static Gen<Common> Base { get; } =
        from actor in Text from at in Time from sequence in Sequence from annotation in Text
        select new Common(actor, at, sequence, annotation);

    public static IReadOnlyDictionary<string, Gen<DocumentEvent>> Events { get; } = new Dictionary<string, Gen<DocumentEvent>>
    {
        [nameof(DocumentCreated)] =
            from c in Base from id in Text from ws in Text from title in Text from text in Text from url in OrNull(Text) from quorum in Gen.Choose(1, 20)
            select (DocumentEvent)new DocumentCreated { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, DocumentId = id, WorkspaceId = ws, Title = title, Text = text, SourceUrl = url, Quorum = quorum },
        [nameof(AnnotationCreated)] =
            from c in Base from kind in Enum<AnnotationKind>() from target in Target from body in Text from tags in DomainGen.Some(Text, 0, 3)
            select (DocumentEvent)new AnnotationCreated { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, Kind = kind, Target = target, Body = body, Tags = [.. tags] },
        [nameof(AnnotationEdited)] =
            from c in Base from kind in Enum<AnnotationKind>() from body in Text from tags in DomainGen.Some(Text, 0, 3)
            select (DocumentEvent)new AnnotationEdited { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, Kind = kind, Body = body, Tags = [.. tags] },
        [nameof(AnnotationDeleted)] =
            from c in Base select (DocumentEvent)new AnnotationDeleted { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId },
        [nameof(ReplyAdded)] =
            from c in Base from r in Text from body in Text
            select (DocumentEvent)new ReplyAdded { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, ReplyId = r, Body = body },
        [nameof(ReplyEdited)] =
            from c in Base from r in Text from body in Text
            select (DocumentEvent)new ReplyEdited { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, ReplyId = r, Body = body },
        [nameof(ReplyDeleted)] =
            from c in Base from r in Text
            select (DocumentEvent)new ReplyDeleted { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, ReplyId = r },
        [nameof(SourceAttached)] =
            from c in Base from s in Text from title in Text from stance in Enum<SourceStance>() from url in OrNull(Text) from quote in OrNull(Text)
            from note in OrNull(Text) from linked in OrNull(Text) from target in OrNull(Target)
            select (DocumentEvent)new SourceAttached
            {
                ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, SourceId = s, Title = title, Stance = stance,
                Url = url, Quote = quote, Note = note, LinkedDocumentId = linked, LinkedTarget = target,
            },
        [nameof(SourceDetached)] =
            from c in Base from s in Text
            select (DocumentEvent)new SourceDetached { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, SourceId = s },
        [nameof(VoteCast)] =
            from c in Base from v in Enum<Verdict>() from r in Text from previous in OrNullValue(Enum<Verdict>())
            select (DocumentEvent)new VoteCast { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, Verdict = v, Rationale = r, PreviousVerdict = previous },
        [nameof(ClaimStatusChanged)] =
            from c in Base from f in Enum<ClaimStatus>() from t in Enum<ClaimStatus>()
            select (DocumentEvent)new ClaimStatusChanged { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, From = f, To = t },
        [nameof(ClaimResolved)] =
            from c in Base from f in Enum<ClaimStatus>() from v in Enum<Verdict>() from r in Text from minority in DomainGen.Some(VoteGen, 0, 3)
            select (DocumentEvent)new ClaimResolved { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, From = f, Verdict = v, Rationale = r, MinorityVotes = [.. minority] },
        [nameof(ClaimReopened)] =
            from c in Base from t in Enum<ClaimStatus>() from r in OrNull(Text)
            select (DocumentEvent)new ClaimReopened { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, To = t, Rationale = r },
        [nameof(ThreadResolved)] =
            from c in Base select (DocumentEvent)new ThreadResolved { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId },
        [nameof(ThreadReopened)] =
            from c in Base select (DocumentEvent)new ThreadReopened { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId },
        [nameof(VotesRevealed)] =
            from c in Base select (DocumentEvent)new VotesRevealed { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId },
        [nameof(ContentFlagged)] =
            from c in Base from f in Text from item in Enum<ModeratedItem>() from itemId in Text from r in Text
            select (DocumentEvent)new ContentFlagged { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, FlagId = f, Item = item, ItemId = itemId, Reason = r },
        [nameof(ContentHidden)] =
            from c in Base from item in Enum<ModeratedItem>() from itemId in Text from r in Text
            select (DocumentEvent)new ContentHidden { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, Item = item, ItemId = itemId, Reason = r },
        [nameof(ContentUnhidden)] =
            from c in Base from item in Enum<ModeratedItem>() from itemId in Text
            select (DocumentEvent)new ContentUnhidden { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, Item = item, ItemId = itemId },
        [nameof(ThreadLocked)] =
            from c in Base from r in Text
            select (DocumentEvent)new ThreadLocked { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, Reason = r },
        [nameof(ThreadUnlocked)] =
            from c in Base select (DocumentEvent)new ThreadUnlocked { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId },
        [nameof(ClaimPublished)] =
            from c in Base from slug in Text from h in Text from summary in Text from claimant in OrNull(Text) from day in Gen.Choose(0, 20_000)
            select (DocumentEvent)new ClaimPublished
            {
                ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId, Slug = slug, Headline = h, Summary = summary,
                Claimant = claimant, ClaimDate = day % 3 == 0 ? null : DateOnly.FromDayNumber(730_000 + day),
            },
        [nameof(ClaimUnpublished)] =
            from c in Base select (DocumentEvent)new ClaimUnpublished { ActorId = c.ActorId, At = c.At, Sequence = c.Sequence, AnnotationId = c.AnnotationId },
    };

    private static readonly Actor[] Team =
    [
        new("alice", WorkspaceRole.Reviewer, "Alice"), new("bob", WorkspaceRole.Reviewer, "Bob"),
        new("mona", WorkspaceRole.Moderator, "Mona"), new("ada", WorkspaceRole.Admin, "Ada"),
    ];

    private const string StateText = "The rate fell to 3.5 percent in 2019. Critics said people stopped looking. It rose in 2020. Café 漢字 😀.";

    /// <summary>One step of a review: a command on one of three annotations by one of the team, at some time.</summary>
    private static Gen<DocumentCommand> Step { get; } =
        from who in Gen.Elements(Team)
        from id in Gen.Elements("c1", "c2", "c3")
        from n in Gen.Choose(0, 999)
        from start in Gen.Choose(0, 60)
        from length in Gen.Choose(1, 20)
        from kind in Enum<AnnotationKind>()
        from verdict in Enum<Verdict>()
        from tags in Tags
        from body in Text
        from command in Gen.Elements<Func<DocumentCommand>>(
            () => new Highlight(who, id, kind, TargetSpec.ForPosition(start, start + length), body, tags),
            () => new EditAnnotation(who, id, body, tags.IsDefault ? null : tags),
            () => new AddReply(who, id, $"r{n % 3}", body.Length == 0 ? "Reply." : body),
            () => new EditReply(who, id, $"r{n % 3}", "Edited."),
            () => new DeleteReply(who, id, $"r{n % 3}"),
            () => new AttachSource(who, id, $"s{n % 2}", "BLS", SourceStance.Supports, Url: "https://www.bls.gov/"),
            () => new DetachSource(who, id, $"s{n % 2}"),
            () => new CastVote(who, id, verdict, body, RequireRationale: n % 2 == 0),
            () => new ResolveClaim(who, id, verdict, "Ruled."),
            () => new ReopenClaim(who, id, "New evidence."),
            () => new RevealVotes(who, id),
            () => new ResolveThread(who, id),
            () => new ReopenThread(who, id),
            () => new FlagContent(who, id, $"f{n}", ModeratedItem.Reply, $"r{n % 3}", "Rude."),
            () => new HideContent(who, id, n % 2 == 0 ? ModeratedItem.Annotation : ModeratedItem.Source, $"s{n % 2}", "Off topic."),
            () => new UnhideContent(who, id, ModeratedItem.Annotation, null),
            () => new LockThread(who, id, "Cooling off."),
            () => new UnlockThread(who, id),
            () => new DeleteAnnotation(who, id))
        select command();

    /// <summary>States a review reaches: a document made, then a random run of commands, the rejected ones skipped.</summary>
    public static Gen<DocumentState> States { get; } =
        from quorum in Gen.Choose(1, 3)
        from steps in DomainGen.Some(from step in Step from minutes in Gen.Choose(0, 600) select (step, minutes), 0, 40)
        select Review(quorum, steps);

    private static DocumentState Review(int quorum, IEnumerable<(DocumentCommand Step, int Minutes)> steps)
    {
        var now = new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.FromHours(1));
        var state = DocumentDecider.Fold(DocumentDecider.Decide(
            DocumentState.Empty, new CreateDocument(Team[0], "doc", "ws", "Jobs", StateText, null, quorum), now).Events);
        foreach (var (step, minutes) in steps)
        {
            now = now.AddMinutes(minutes);
            var decision = DocumentDecider.Decide(state, step, now);
            if (!decision.IsRejected)
            {
                state = DocumentDecider.Fold(state, decision.Events);
            }
        }

        return state;
    }
}
