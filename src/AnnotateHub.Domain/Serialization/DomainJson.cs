using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AnnotateHub.Domain;

/// <summary>
/// JSON for what is stored: events (by their stable type name) and document snapshots. camelCase members, enums as
/// their wire names, non-ASCII text kept as UTF-8 rather than \u-escaped (a CJK or emoji-rich snapshot is half the
/// size). Not meant to be embedded in HTML. Uses source-generated metadata (<see cref="DomainJsonContext"/>); the same
/// types also round-trip with plain <see cref="JsonSerializer"/> and camelCase options.
/// </summary>
public static class DomainJson
{
    private static readonly DomainJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The options used for storage: camelCase, relaxed escaping, source-generated metadata.</summary>
    public static JsonSerializerOptions Options => Context.Options;

    /// <summary>Serialises an event's own members (no discriminator; store <see cref="DocumentEvent.EventType"/> beside it).</summary>
    public static byte[] SerializeEvent(DocumentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.SerializeToUtf8Bytes(e, TypeInfoFor(e.EventType));
    }

    /// <summary>Reads an event stored with <see cref="SerializeEvent"/> under <paramref name="typeName"/>.</summary>
    /// <exception cref="NotSupportedException">The type name is unknown.</exception>
    /// <exception cref="JsonException">The payload is not a valid event of that type.</exception>
    public static DocumentEvent DeserializeEvent(string typeName, ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, TypeInfoFor(typeName)) as DocumentEvent
        ?? throw new JsonException($"The stored '{typeName}' event is null.");

    /// <summary>Serialises a snapshot of a document (type <see cref="DocumentState.SnapshotTypeName"/>).</summary>
    public static byte[] SerializeState(DocumentState state) =>
        JsonSerializer.SerializeToUtf8Bytes(state, Context.DocumentState);

    /// <summary>Reads a snapshot written by <see cref="SerializeState"/>.</summary>
    public static DocumentState DeserializeState(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, Context.DocumentState)
        ?? throw new JsonException("The stored document state is null.");

    private static JsonTypeInfo TypeInfoFor(string typeName) =>
        DocumentEventTypes.ByName.TryGetValue(typeName, out var type)
            ? Context.GetTypeInfo(type)!
            : throw new NotSupportedException($"Unknown document event type '{typeName}'.");
}

/// <summary>Source-generated System.Text.Json metadata for the domain's stored and wire types (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DocumentState))]
[JsonSerializable(typeof(DocumentEvent))]
[JsonSerializable(typeof(DocumentCreated))]
[JsonSerializable(typeof(AnnotationCreated))]
[JsonSerializable(typeof(AnnotationEdited))]
[JsonSerializable(typeof(AnnotationDeleted))]
[JsonSerializable(typeof(ReplyAdded))]
[JsonSerializable(typeof(ReplyEdited))]
[JsonSerializable(typeof(ReplyDeleted))]
[JsonSerializable(typeof(SourceAttached))]
[JsonSerializable(typeof(SourceDetached))]
[JsonSerializable(typeof(VoteCast))]
[JsonSerializable(typeof(ClaimStatusChanged))]
[JsonSerializable(typeof(ClaimResolved))]
[JsonSerializable(typeof(ClaimReopened))]
[JsonSerializable(typeof(ThreadResolved))]
[JsonSerializable(typeof(ThreadReopened))]
[JsonSerializable(typeof(VotesRevealed))]
[JsonSerializable(typeof(ContentFlagged))]
[JsonSerializable(typeof(ContentHidden))]
[JsonSerializable(typeof(ContentUnhidden))]
[JsonSerializable(typeof(ThreadLocked))]
[JsonSerializable(typeof(ThreadUnlocked))]
[JsonSerializable(typeof(ClaimPublished))]
[JsonSerializable(typeof(ClaimUnpublished))]
[JsonSerializable(typeof(IReadOnlyList<DocumentEvent>))]
[JsonSerializable(typeof(TargetSpec))]
[JsonSerializable(typeof(TextTarget))]
[JsonSerializable(typeof(Actor))]
public sealed partial class DomainJsonContext : JsonSerializerContext;
