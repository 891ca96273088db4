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

/// <summary>
/// What moderators hid, as others see it: readers of the document page and the API see "hidden by a moderator: reason"
/// in place of the item's text; reports leave hidden items out (<see cref="WithoutHidden(DocumentState)"/>).
/// </summary>
public static class HiddenContent
{
    /// <summary>The moderator's mark on the annotation itself, when it is hidden; null otherwise.</summary>
    public static HiddenItem? HiddenMark(this Annotation annotation) => annotation.HiddenMark(ModeratedItem.Annotation, annotation.Id);

    /// <summary>The moderator's mark on one reply of <paramref name="annotation"/>, when it is hidden; null otherwise.</summary>
    public static HiddenItem? HiddenMark(this Annotation annotation, Reply reply) => annotation.HiddenMark(ModeratedItem.Reply, reply.Id);

    /// <summary>The moderator's mark on one source of <paramref name="annotation"/>, when it is hidden; null otherwise.</summary>
    public static HiddenItem? HiddenMark(this Annotation annotation, Source source) => annotation.HiddenMark(ModeratedItem.Source, source.Id);

    /// <summary>
    /// The document as a report shows it: hidden annotations left out entirely, hidden replies left out of threads and
    /// hidden sources left out of the rest. The same instance when nothing is hidden.
    /// </summary>
    public static DocumentState WithoutHidden(DocumentState document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Annotations.All(a => a.HiddenItems.IsEmpty))
        {
            return document;
        }

        var shown = document.Annotations
            .Where(a => a.HiddenMark() is null)
            .Select(a => a.HiddenItems.IsEmpty ? a : a with
            {
                Replies = a.Replies.RemoveAll(r => a.HiddenMark(r) is not null),
                Sources = a.Sources.RemoveAll(s => a.HiddenMark(s) is not null),
            });
        return document with { Annotations = [.. shown] };
    }
}
