using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AnnotateHub.Domain;
using AnnotateHub.Storage;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace AnnotateHub.Grains;

/// <summary>
/// How domain values cross silos and clients. The domain stays free of Orleans, so its types travel through Orleans's
/// System.Text.Json codec (limited to the domain assembly) with the options the snapshots use, and they are never
/// deep-copied: every domain value is an immutable record, so a call in one silo passes the same instance.
/// <see cref="DomainException"/> keeps its kind and code through <see cref="DomainExceptionSurrogate"/>.
/// Every silo and every client registers this (<see cref="AddAnnotateHubSerialization"/>).
/// </summary>
public static class DomainSerialization
{
    private static readonly System.Reflection.Assembly DomainAssembly = typeof(DocumentState).Assembly;

    /// <summary>
    /// The wire options: camelCase and relaxed escaping as in <see cref="DomainJson"/>, its source-generated metadata
    /// for events and states, and reflection for the rest (commands, targets).
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(DomainJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        Converters = { new DefaultableImmutableArrayConverterFactory() },
    };

    /// <summary>True for the domain's own types that travel as JSON (every type of the domain assembly but exceptions).</summary>
    public static bool IsDomainType(Type type) =>
        type.Assembly == DomainAssembly && !type.IsEnum && !typeof(Exception).IsAssignableFrom(type);

    /// <summary>Registers the domain codec and the copier that passes domain values by reference.</summary>
    public static ISerializerBuilder AddAnnotateHubSerialization(this ISerializerBuilder serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        serializer.AddJsonSerializer(
            isSerializable: IsDomainType,
            isCopyable: null,
            configureOptions: options => options.Configure(o => o.SerializerOptions = JsonOptions));
        serializer.Services.Add(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton<IGeneralizedCopier, ImmutableDomainCopier>());

        // The JSON codec vouches only for the concrete domain types; Orleans also writes the type names of abstract ones
        // when they are generic arguments of a runtime type, e.g. the ImmutableArray<DocumentEvent> behind a
        // DocumentChange's IReadOnlyList<DocumentEvent>. Without this, every change sent to another silo or a client fails.
        serializer.Configure(options => options.AddAllowedAssembly(DomainAssembly));
        return serializer;
    }

    /// <summary>
    /// Carries a default (uninitialised) <see cref="ImmutableArray{T}"/> as JSON null and back: commands use it for "none"
    /// (e.g. <see cref="Highlight.Tags"/>), and System.Text.Json cannot enumerate one.
    /// </summary>
    private sealed class DefaultableImmutableArrayConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(DefaultableImmutableArrayConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
    }

    private sealed class DefaultableImmutableArrayConverter<T> : JsonConverter<ImmutableArray<T>>
    {
        public override bool HandleNull => true;

        public override ImmutableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? default : [.. JsonSerializer.Deserialize<T[]>(ref reader, options) ?? []];

        public override void Write(Utf8JsonWriter writer, ImmutableArray<T> value, JsonSerializerOptions options)
        {
            if (value.IsDefault)
            {
                writer.WriteNullValue();
                return;
            }

            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>Copies a domain value by returning it: domain records are immutable, so sharing them is safe.</summary>
    private sealed class ImmutableDomainCopier : IGeneralizedCopier, IOptionalDeepCopier
    {
        public bool IsSupportedType(Type type) => IsDomainType(type);

        public bool IsShallowCopyable() => true;

        public object? DeepCopy(object? input, CopyContext context) => input;
    }
}

/// <summary>The wire form of a <see cref="DomainException"/>: its error's kind, code and message.</summary>
[GenerateSerializer]
[Alias("annotatehub.domain-exception")]
public struct DomainExceptionSurrogate
{
    [Id(0)]
    public DomainErrorKind Kind;

    [Id(1)]
    public string Code;

    [Id(2)]
    public string Message;
}

/// <summary>Converts <see cref="DomainException"/> to and from <see cref="DomainExceptionSurrogate"/>.</summary>
[RegisterConverter]
public sealed class DomainExceptionConverter : IConverter<DomainException, DomainExceptionSurrogate>
{
    public DomainException ConvertFromSurrogate(in DomainExceptionSurrogate surrogate) =>
        new(new DomainError(surrogate.Kind, surrogate.Code, surrogate.Message));

    public DomainExceptionSurrogate ConvertToSurrogate(in DomainException value) =>
        new() { Kind = value.Error.Kind, Code = value.Error.Code, Message = value.Error.Message };
}

/// <summary>The wire form of a stored event being restored (<see cref="EventData"/>): its type name and payload.</summary>
[GenerateSerializer]
[Alias("annotatehub.event-data")]
public struct EventDataSurrogate
{
    [Id(0)]
    public string Type;

    [Id(1)]
    public ReadOnlyMemory<byte> Data;
}

/// <summary>Converts <see cref="EventData"/> to and from <see cref="EventDataSurrogate"/>.</summary>
[RegisterConverter]
public sealed class EventDataConverter : IConverter<EventData, EventDataSurrogate>
{
    public EventData ConvertFromSurrogate(in EventDataSurrogate surrogate) => new(surrogate.Type, surrogate.Data);

    public EventDataSurrogate ConvertToSurrogate(in EventData value) => new() { Type = value.Type, Data = value.Data };
}

/// <summary>The wire form of a <see cref="StoredEvent"/>.</summary>
[GenerateSerializer]
[Alias("annotatehub.stored-event")]
public struct StoredEventSurrogate
{
    [Id(0)]
    public string StreamId;

    [Id(1)]
    public long Version;

    [Id(2)]
    public string Type;

    [Id(3)]
    public ReadOnlyMemory<byte> Data;

    [Id(4)]
    public DateTimeOffset RecordedAt;

    [Id(5)]
    public ReadOnlyMemory<byte> Hash;
}

/// <summary>Converts <see cref="StoredEvent"/> to and from <see cref="StoredEventSurrogate"/>.</summary>
[RegisterConverter]
public sealed class StoredEventConverter : IConverter<StoredEvent, StoredEventSurrogate>
{
    public StoredEvent ConvertFromSurrogate(in StoredEventSurrogate surrogate) =>
        new(surrogate.StreamId, surrogate.Version, surrogate.Type, surrogate.Data, surrogate.RecordedAt) { Hash = surrogate.Hash };

    public StoredEventSurrogate ConvertToSurrogate(in StoredEvent value) =>
        new() { StreamId = value.StreamId, Version = value.Version, Type = value.Type, Data = value.Data, RecordedAt = value.RecordedAt, Hash = value.Hash };
}

/// <summary>The wire form of a <see cref="Snapshot"/>.</summary>
[GenerateSerializer]
[Alias("annotatehub.snapshot")]
public struct SnapshotSurrogate
{
    [Id(0)]
    public long Version;

    [Id(1)]
    public string Type;

    [Id(2)]
    public ReadOnlyMemory<byte> Data;
}

/// <summary>Converts <see cref="Snapshot"/> to and from <see cref="SnapshotSurrogate"/>.</summary>
[RegisterConverter]
public sealed class SnapshotConverter : IConverter<Snapshot, SnapshotSurrogate>
{
    public Snapshot ConvertFromSurrogate(in SnapshotSurrogate surrogate) => new(surrogate.Version, surrogate.Type, surrogate.Data);

    public SnapshotSurrogate ConvertToSurrogate(in Snapshot value) => new() { Version = value.Version, Type = value.Type, Data = value.Data };
}
