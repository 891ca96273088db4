using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>What in an annotation's thread a flag or a moderator's action is about. JSON: "annotation", "reply", "source".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModeratedItem>))]
public enum ModeratedItem
{
    /// <summary>The annotation itself (its body and passage).</summary>
    [JsonStringEnumMemberName("annotation")]
    Annotation = 0,

    /// <summary>One reply of its thread.</summary>
    [JsonStringEnumMemberName("reply")]
    Reply = 1,

    /// <summary>One of its sources.</summary>
    [JsonStringEnumMemberName("source")]
    Source = 2,
}

/// <summary>Someone asked moderators to look at an item, with a reason.</summary>
public sealed record Flag
{
    public required string Id { get; init; }

    public required ModeratedItem Item { get; init; }

    /// <summary>The reply or source id; the annotation's own id for the annotation.</summary>
    public required string ItemId { get; init; }

    public required string Reason { get; init; }

    public required string By { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>A moderator hid an item: others see "hidden by a moderator: reason", and reports leave it out.</summary>
public sealed record HiddenItem
{
    public required ModeratedItem Item { get; init; }

    public required string ItemId { get; init; }

    public required string Reason { get; init; }

    public required string By { get; init; }

    public required DateTimeOffset At { get; init; }
}
