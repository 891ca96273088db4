using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>What an annotation is. JSON: "claim", "comment", "question".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnnotationKind>))]
public enum AnnotationKind
{
    /// <summary>A statement to fact-check: takes votes and goes through the claim workflow.</summary>
    [JsonStringEnumMemberName("claim")]
    Claim = 0,

    /// <summary>A remark on the passage.</summary>
    [JsonStringEnumMemberName("comment")]
    Comment = 1,

    /// <summary>A question about the passage.</summary>
    [JsonStringEnumMemberName("question")]
    Question = 2,
}

/// <summary>
/// Where a claim is in its workflow. Comments and questions stay <see cref="Open"/>.
/// JSON: "open", "consensus", "disputed", "resolved".
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClaimStatus>))]
public enum ClaimStatus
{
    /// <summary>Fewer votes than the document's quorum.</summary>
    [JsonStringEnumMemberName("open")]
    Open = 0,

    /// <summary>At least a quorum of votes, all with the same verdict.</summary>
    [JsonStringEnumMemberName("consensus")]
    Consensus = 1,

    /// <summary>At least a quorum of votes, with different verdicts.</summary>
    [JsonStringEnumMemberName("disputed")]
    Disputed = 2,

    /// <summary>A moderator ruled on it; votes are frozen until it is reopened.</summary>
    [JsonStringEnumMemberName("resolved")]
    Resolved = 3,
}

/// <summary>How a source relates to a claim. JSON: "supports", "refutes", "context".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceStance>))]
public enum SourceStance
{
    /// <summary>The source supports the annotated passage.</summary>
    [JsonStringEnumMemberName("supports")]
    Supports = 0,

    /// <summary>The source refutes the annotated passage.</summary>
    [JsonStringEnumMemberName("refutes")]
    Refutes = 1,

    /// <summary>The source gives context without taking a side.</summary>
    [JsonStringEnumMemberName("context")]
    Context = 2,
}

/// <summary>Wire names of <see cref="AnnotationKind"/>, <see cref="ClaimStatus"/> and <see cref="SourceStance"/>.</summary>
public static class DomainEnums
{
    /// <summary>"claim", "comment" or "question".</summary>
    public static string WireName(this AnnotationKind kind) => kind switch
    {
        AnnotationKind.Claim => "claim",
        AnnotationKind.Comment => "comment",
        AnnotationKind.Question => "question",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown annotation kind."),
    };

    /// <summary>"open", "consensus", "disputed" or "resolved".</summary>
    public static string WireName(this ClaimStatus status) => status switch
    {
        ClaimStatus.Open => "open",
        ClaimStatus.Consensus => "consensus",
        ClaimStatus.Disputed => "disputed",
        ClaimStatus.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown claim status."),
    };

    /// <summary>"supports", "refutes" or "context".</summary>
    public static string WireName(this SourceStance stance) => stance switch
    {
        SourceStance.Supports => "supports",
        SourceStance.Refutes => "refutes",
        SourceStance.Context => "context",
        _ => throw new ArgumentOutOfRangeException(nameof(stance), stance, "Unknown source stance."),
    };

    /// <summary>Parses "claim", "comment" or "question" (case-insensitive).</summary>
    public static bool TryParse(string? value, out AnnotationKind kind) =>
        WireNames.TryParse(value, Enum.GetValues<AnnotationKind>(), WireName, out kind);

    /// <summary>Parses "open", "consensus", "disputed" or "resolved" (case-insensitive).</summary>
    public static bool TryParse(string? value, out ClaimStatus status) =>
        WireNames.TryParse(value, Enum.GetValues<ClaimStatus>(), WireName, out status);

    /// <summary>Parses "supports", "refutes" or "context" (case-insensitive).</summary>
    public static bool TryParse(string? value, out SourceStance stance) =>
        WireNames.TryParse(value, Enum.GetValues<SourceStance>(), WireName, out stance);
}
