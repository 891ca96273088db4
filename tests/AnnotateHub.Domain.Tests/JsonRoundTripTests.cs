using System.Text.Json;
using System.Text.Json.Nodes;

namespace AnnotateHub.Domain.Tests;

public sealed class JsonRoundTripTests
{
    private static readonly JsonSerializerOptions CamelCase = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static TheoryData<string> EventTypeNames() => [.. DocumentEventTypes.ByName.Keys.Order(StringComparer.Ordinal)];

    private static DocumentEvent FirstOfType(string typeName) =>
        DocumentTests.EveryEvent().First(e => e.EventType == typeName);

    [Fact]
    public void GivenTheScenario_ThenItProducesEveryEventType()
    {
        var produced = DocumentTests.EveryEvent().Select(e => e.EventType).ToHashSet();

        Assert.Equal(DocumentEventTypes.ByName.Keys.Order(StringComparer.Ordinal), produced.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void GivenAnEvent_WhenSerialisedWithCamelCaseAndReadBack_ThenTheJsonIsIdentical(string typeName)
    {
        var original = FirstOfType(typeName);
        var type = DocumentEventTypes.ByName[typeName];

        var json = JsonSerializer.Serialize(original, type, CamelCase);
        var back = (DocumentEvent)JsonSerializer.Deserialize(json, type, CamelCase)!;

        Assert.IsType(type, back);
        Assert.Equal(json, JsonSerializer.Serialize(back, type, CamelCase));
        Assert.Contains("\"actorId\":", json, StringComparison.Ordinal);
        Assert.Contains("\"sequence\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("eventType", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void GivenAnEvent_WhenStoredByTypeNameWithDomainJson_ThenItReadsBackIdentically(string typeName)
    {
        var original = FirstOfType(typeName);

        var bytes = DomainJson.SerializeEvent(original);
        var back = DomainJson.DeserializeEvent(typeName, bytes);

        Assert.Equal(typeName, back.EventType);
        Assert.Equal(bytes, DomainJson.SerializeEvent(back));
        Assert.Equal(JsonSerializer.Serialize(original, original.GetType(), CamelCase), JsonSerializer.Serialize(back, back.GetType(), CamelCase));
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void GivenAnEvent_WhenSerialisedAsTheBaseType_ThenTheTypeNameIsTheDiscriminator(string typeName)
    {
        var original = FirstOfType(typeName);

        var json = JsonSerializer.Serialize(original, CamelCase);
        var back = JsonSerializer.Deserialize<DocumentEvent>(json, CamelCase)!;

        Assert.StartsWith($"{{\"type\":\"{typeName}\"", json, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(back, CamelCase));
    }

    [Fact]
    public void GivenAStateWithAnnotationsRepliesSourcesVotesAndAResolution_WhenRoundTripped_ThenTheJsonIsIdentical()
    {
        var state = DocumentDecider.Fold(DocumentTests.EveryEvent());
        state = DocumentTests.Then(state, DocumentDecider.Decide(state, new ResolveClaim(DocumentTests.Mona, "c1", Verdict.Mixed, "Split."), DocumentTests.Now));

        var json = JsonSerializer.Serialize(state, CamelCase);
        var back = JsonSerializer.Deserialize<DocumentState>(json, CamelCase)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, CamelCase));
        var stored = DomainJson.SerializeState(state);
        Assert.Equal(json, JsonSerializer.Serialize(DomainJson.DeserializeState(stored), CamelCase));
        Assert.True(DomainJson.SerializeState(state with { Title = "Café 漢字" }).AsSpan().IndexOf("Café 漢字"u8) >= 0, "A stored snapshot keeps non-ASCII text as UTF-8, not as \\u escapes.");
        Assert.DoesNotContain("textIndex", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"exists\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"resolved\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verdict\":\"mostly-false\"", json, StringComparison.Ordinal);
        Assert.Contains("\"threadResolved\":true,\"threadResolvedBy\":\"ada\"", json, StringComparison.Ordinal);
        Assert.Equal(state.Annotations.Length, back.Annotations.Length);
        Assert.NotNull(back.FindAnnotation("c1")!.Resolution);
        Assert.Equal(state.Text, back.Text);
        Assert.True(back.Exists);
    }

    [Fact]
    public void GivenTheEventTypes_ThenTheirStoredNamesAreTheOnesAlreadyInStreams()
    {
        string[] stored =
        [
            "annotation-created", "annotation-deleted", "annotation-edited", "claim-published", "claim-reopened",
            "claim-resolved", "claim-status-changed", "claim-unpublished", "content-flagged", "content-hidden",
            "content-unhidden", "document-created", "reply-added", "reply-deleted", "reply-edited", "source-attached",
            "source-detached", "thread-locked", "thread-reopened", "thread-resolved", "thread-unlocked", "vote-cast",
            "votes-revealed",
        ];

        Assert.Equal(stored, DocumentEventTypes.ByName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("thread-resolved", ThreadResolved.TypeName);
        Assert.Equal("thread-reopened", ThreadReopened.TypeName);
    }

    [Fact]
    public void GivenASnapshotStoredBeforeThreadsCouldBeResolved_WhenRead_ThenEveryThreadIsOpen()
    {
        var state = DocumentDecider.Fold(DocumentTests.EveryEvent());
        var node = JsonNode.Parse(DomainJson.SerializeState(state))!;
        foreach (var annotation in node["annotations"]!.AsArray())
        {
            var members = annotation!.AsObject();
            members.Remove("threadResolved");
            members.Remove("threadResolvedBy");
            members.Remove("threadResolvedAt");
        }

        var old = DomainJson.DeserializeState(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));

        Assert.All(old.Annotations, a => Assert.False(a.ThreadResolved));
        Assert.All(old.Annotations, a => Assert.Null(a.ThreadResolvedBy));
        Assert.Equal(state.Annotations.Length, old.Annotations.Length);
        Assert.Equal(state.Version, old.Version);
    }

    [Fact]
    public void GivenTargetSpecs_WhenRoundTripped_ThenTheKindIsKept()
    {
        TargetSpec[] specs = [TargetSpec.ForQuote("fell", "rate ", " to"), TargetSpec.ForPosition(3, 9)];

        foreach (var spec in specs)
        {
            var json = JsonSerializer.Serialize(spec, CamelCase);
            Assert.Equal(spec, JsonSerializer.Deserialize<TargetSpec>(json, CamelCase));
        }
    }

    [Fact]
    public void GivenAnUnknownStoredTypeName_WhenRead_ThenItFailsLoudly()
    {
        Assert.Throws<NotSupportedException>(() => DomainJson.DeserializeEvent("annotation-exploded", "{}"u8));
    }
}
