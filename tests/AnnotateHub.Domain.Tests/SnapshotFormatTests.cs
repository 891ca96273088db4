using System.Collections.Immutable;
using System.Text;

namespace AnnotateHub.Domain.Tests;

/// <summary>
/// The compact snapshot form (<see cref="DocumentSnapshots.CompactTypeName"/>) keeps every stored member of a state, and
/// snapshots written in the JSON form by earlier versions (databases in the field) still load.
/// </summary>
public sealed class SnapshotFormatTests
{
    /// <summary>Every stored member of a state: the JSON form writes them all, so equal JSON means an equal state.</summary>
    private static string Json(DocumentState state) => Encoding.UTF8.GetString(DomainJson.SerializeState(state));

    private static DocumentState RichState()
    {
        var state = DocumentDecider.Fold(DocumentTests.EveryEvent());
        state = DocumentTests.Then(state, DocumentDecider.Decide(state, new ResolveClaim(DocumentTests.Mona, "c1", Verdict.Mixed, "Split."), DocumentTests.Now));

        // a web source with every optional member, beside whatever the scenario left attached
        var c1 = state.IndexOfAnnotation("c1");
        var web = new Source
        {
            Id = "s-web",
            AddedBy = "bob",
            AddedAt = DocumentTests.Now.AddHours(1),
            Title = "BLS release",
            Stance = SourceStance.Refutes,
            Url = "https://bls.example/release",
            Quote = "3.6 percent",
            Note = "Table A-1.",
        };
        return state with { Annotations = state.Annotations.SetItem(c1, state.Annotations[c1] with { Sources = state.Annotations[c1].Sources.Add(web) }) };
    }

    [Fact]
    public void GivenAStateWithEveryKindOfMember_WhenWrittenCompactAndReadBack_ThenItIsTheSameState()
    {
        var state = RichState();
        var annotations = state.Annotations;
        Assert.Contains(annotations, a => a.Resolution is { MinorityVotes.Length: > 0 });
        Assert.Contains(annotations, a => a.Sources.Any(s => s.LinkedTarget is not null));
        Assert.Contains(annotations, a => a.Sources.Any(s => s.Url is not null));
        Assert.Contains(annotations, a => a.Replies.Any(r => r.Deleted && r.DeletedAt is not null));
        Assert.Contains(annotations, a => a.Replies.Any(r => r.EditedAt is not null));
        Assert.Contains(annotations, a => a.Deleted);
        Assert.Contains(annotations, a => a.ThreadResolved);
        Assert.Contains(annotations, a => a.StatusHistory.Any(c => c.Reason is not null));
        Assert.Contains(annotations, a => a.Tags.Length > 0);
        Assert.Contains(annotations, a => a.VotesRevealedTo.Length > 0);

        var bytes = DocumentSnapshots.Serialize(state);
        var back = DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, bytes);

        Assert.Equal(Json(state), Json(back));
        Assert.Equal(bytes, DocumentSnapshots.Serialize(back));
        Assert.True(back.Exists);
        Assert.Equal(state.TextIndex.CodePointLength, back.TextIndex.CodePointLength);
        Assert.Equal(annotations.Select(a => a.Id), back.Annotations.Select(a => a.Id));
        Assert.NotNull(back.FindAnnotation("c1")!.Resolution);
    }

    [Fact]
    public void GivenTimesWithOffsetsAndTextOutsideAscii_WhenRoundTripped_ThenTheyAreKeptExactly()
    {
        var india = new DateTimeOffset(2025, 3, 14, 15, 4, 5, TimeSpan.FromMinutes(330)).AddTicks(1234567);
        var state = RichState() with
        {
            Title = "Café 漢字 🌍",
            SourceUrl = null,
            CreatedAt = india,
        };
        state = state with
        {
            Annotations = state.Annotations.SetItem(0, state.Annotations[0] with
            {
                Body = "Lone surrogate \uD800 kept, emoji 👍 kept",
                EditedAt = india.ToOffset(TimeSpan.FromHours(-7)),
                Tags = ["données", "статистика"],
            }),
        };

        var back = DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, DocumentSnapshots.Serialize(state));

        Assert.Equal(Json(state), Json(back));
        Assert.Equal(india, back.CreatedAt);
        Assert.Equal(TimeSpan.FromMinutes(330), back.CreatedAt.Offset);
        Assert.Equal(TimeSpan.FromHours(-7), back.Annotations[0].EditedAt!.Value.Offset);
        Assert.Equal("Lone surrogate \uD800 kept, emoji 👍 kept", back.Annotations[0].Body);
        Assert.Null(back.SourceUrl);
    }

    [Fact]
    public void GivenTheEmptyState_WhenRoundTripped_ThenItIsStillEmpty()
    {
        var back = DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, DocumentSnapshots.Serialize(DocumentState.Empty));

        Assert.Equal(Json(DocumentState.Empty), Json(back));
        Assert.False(back.Exists);
        Assert.Empty(back.Annotations);
    }

    [Fact]
    public void GivenAJsonSnapshotWrittenByAnEarlierVersion_WhenRead_ThenTheDocumentLoads()
    {
        // As version 1 wrote it (document-state.v1): JSON, camelCase, enums by wire name.
        const string stored = """
            {"id":"doc-1","workspaceId":"ws-1","title":"Jobs report","text":"The rate fell to 3.5 percent last year.",
             "sourceUrl":"https://example.org/jobs","createdBy":"alice","createdAt":"2025-03-14T09:26:53+00:00","version":4,"quorum":2,
             "annotations":[{"id":"c1","kind":"claim",
               "target":{"quote":{"exact":"fell to 3.5 percent","prefix":"The rate ","suffix":" last year."},"position":{"start":9,"end":28}},
               "tags":["economy"],"body":"Check the series.","authorId":"alice","createdAt":"2025-03-14T09:27:00+00:00","editedAt":null,
               "deleted":false,"deletedAt":null,"deletedBy":null,
               "replies":[{"id":"r1","authorId":"bob","body":"BLS says 3.6.","createdAt":"2025-03-14T09:28:00+00:00","editedAt":null,"deleted":false,"deletedAt":null,"deletedBy":null}],
               "sources":[],
               "votes":[{"userId":"bob","verdict":"mostly-true","rationale":"","castAt":"2025-03-14T09:29:00+00:00","changedAt":null}],
               "status":"open","resolution":null,"statusHistory":[]}]}
            """;

        var state = DocumentSnapshots.Deserialize(DocumentSnapshots.JsonTypeName, Encoding.UTF8.GetBytes(stored));

        Assert.Equal("document-state.v1", DocumentSnapshots.JsonTypeName);
        Assert.Equal("doc-1", state.Id);
        Assert.Equal(4, state.Version);
        var claim = Assert.Single(state.Annotations);
        Assert.Equal(AnnotationKind.Claim, claim.Kind);
        Assert.Equal("fell to 3.5 percent", claim.Target.Quote.Exact);
        Assert.Equal(new TextPositionSelector(9, 28), claim.Target.Position);
        Assert.Equal("BLS says 3.6.", Assert.Single(claim.Replies).Body);
        Assert.Equal(Verdict.MostlyTrue, Assert.Single(claim.Votes).Verdict);
        Assert.False(claim.ThreadResolved);

        // and it is written again, in the compact form, without losing anything
        var rewritten = DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, DocumentSnapshots.Serialize(state));
        Assert.Equal(Json(state), Json(rewritten));
    }

    [Fact]
    public void GivenTheSameStateInBothForms_WhenRead_ThenTheyAreEqual()
    {
        var state = RichState();

        var fromJson = DocumentSnapshots.Deserialize(DocumentSnapshots.JsonTypeName, DomainJson.SerializeState(state));
        var fromCompact = DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, DocumentSnapshots.Serialize(state));

        Assert.Equal(Json(fromJson), Json(fromCompact));
    }

    [Fact]
    public void GivenManyAnnotations_WhenWrittenCompact_ThenTheSnapshotIsFarSmallerThanTheJson()
    {
        var state = RichState();
        var many = ImmutableArray.CreateBuilder<Annotation>();
        var template = state.FindAnnotation("c1")!;
        for (var i = 0; i < 500; i++)
        {
            many.Add(template with { Id = $"a{i}", Body = $"Note {i} on the passage." });
        }

        state = state with { Annotations = many.ToImmutable() };

        var compact = DocumentSnapshots.Serialize(state);
        var json = DomainJson.SerializeState(state);

        Assert.True(compact.Length * 3 < json.Length, $"compact {compact.Length} B against JSON {json.Length} B");
        Assert.Equal(Json(state), Json(DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, compact)));
    }

    [Fact]
    public void GivenATruncatedOrDamagedCompactSnapshot_WhenRead_ThenItFailsWithAClearError()
    {
        var bytes = DocumentSnapshots.Serialize(RichState());

        var truncated = Assert.Throws<InvalidDataException>(() => DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Contains("document-state.v2", truncated.Message, StringComparison.Ordinal);

        var json = DomainJson.SerializeState(RichState());
        Assert.Throws<InvalidDataException>(() => DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, json));

        byte[] longer = [.. bytes, 0];
        Assert.Throws<InvalidDataException>(() => DocumentSnapshots.Deserialize(DocumentSnapshots.CompactTypeName, longer));
    }

    [Fact]
    public void GivenAnUnknownSnapshotType_WhenRead_ThenItFailsNamingTheTypesThisVersionReads()
    {
        var error = Assert.Throws<NotSupportedException>(() => DocumentSnapshots.Deserialize("document-state.v9", [1, 2, 3]));

        Assert.Contains("document-state.v9", error.Message, StringComparison.Ordinal);
        Assert.Contains(DocumentSnapshots.CompactTypeName, error.Message, StringComparison.Ordinal);
        Assert.False(DocumentSnapshots.CanRead("document-state.v9"));
        Assert.True(DocumentSnapshots.CanRead("document-state.v1"));
        Assert.True(DocumentSnapshots.CanRead("document-state.v2"));
    }
}
