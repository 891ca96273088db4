using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AnnotateHub.Domain;

/// <summary>
/// A verdict on a claim, best to worst, plus <see cref="Unproven"/> (no rating). JSON uses the wire names
/// ("true", "mostly-true", "mixed", "mostly-false", "false", "unproven"); see <see cref="Verdicts"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    /// <summary>Accurate. Wire name "true", rating 5.</summary>
    [JsonStringEnumMemberName("true")]
    True = 0,

    /// <summary>Accurate but needs clarification. Wire name "mostly-true", rating 4.</summary>
    [JsonStringEnumMemberName("mostly-true")]
    MostlyTrue = 1,

    /// <summary>Partly accurate, partly not. Wire name "mixed", rating 3.</summary>
    [JsonStringEnumMemberName("mixed")]
    Mixed = 2,

    /// <summary>An element of truth but misleading. Wire name "mostly-false", rating 2.</summary>
    [JsonStringEnumMemberName("mostly-false")]
    MostlyFalse = 3,

    /// <summary>Inaccurate. Wire name "false", rating 1.</summary>
    [JsonStringEnumMemberName("false")]
    False = 4,

    /// <summary>Cannot be established with the evidence available. Wire name "unproven", no rating.</summary>
    [JsonStringEnumMemberName("unproven")]
    Unproven = 5,
}

/// <summary>
/// Wire names, labels and schema.org ClaimReview ratings of <see cref="Verdict"/>s.
/// </summary>
public static class Verdicts
{
    /// <summary>The best ClaimReview rating (<c>bestRating</c>).</summary>
    public const int BestRating = 5;

    /// <summary>The worst ClaimReview rating (<c>worstRating</c>).</summary>
    public const int WorstRating = 1;

    /// <summary>All verdicts, best to worst, then <see cref="Verdict.Unproven"/>.</summary>
    public static ImmutableArray<Verdict> All { get; } =
        [Verdict.True, Verdict.MostlyTrue, Verdict.Mixed, Verdict.MostlyFalse, Verdict.False, Verdict.Unproven];

    /// <summary>The wire name: "true", "mostly-true", "mixed", "mostly-false", "false" or "unproven".</summary>
    public static string WireName(this Verdict verdict) => verdict switch
    {
        Verdict.True => "true",
        Verdict.MostlyTrue => "mostly-true",
        Verdict.Mixed => "mixed",
        Verdict.MostlyFalse => "mostly-false",
        Verdict.False => "false",
        Verdict.Unproven => "unproven",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };

    /// <summary>The label for people and ClaimReview <c>alternateName</c>: "True", "Mostly true", "Mixed", "Mostly false", "False", "Unproven".</summary>
    public static string Label(this Verdict verdict) => verdict switch
    {
        Verdict.True => "True",
        Verdict.MostlyTrue => "Mostly true",
        Verdict.Mixed => "Mixed",
        Verdict.MostlyFalse => "Mostly false",
        Verdict.False => "False",
        Verdict.Unproven => "Unproven",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };

    /// <summary>The ClaimReview <c>ratingValue</c>: 5 (true) .. 1 (false); null for <see cref="Verdict.Unproven"/>.</summary>
    public static int? RatingValue(this Verdict verdict) => verdict switch
    {
        Verdict.True => 5,
        Verdict.MostlyTrue => 4,
        Verdict.Mixed => 3,
        Verdict.MostlyFalse => 2,
        Verdict.False => 1,
        Verdict.Unproven => null,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };

    /// <summary>True when <paramref name="verdict"/> is one of the defined values.</summary>
    public static bool IsDefined(this Verdict verdict) => verdict is >= Verdict.True and <= Verdict.Unproven;

    /// <summary>Parses a wire name, case-insensitively (surrounding whitespace ignored).</summary>
    public static bool TryParse(string? value, out Verdict verdict) =>
        WireNames.TryParse(value, Enum.GetValues<Verdict>(), WireName, out verdict);

    /// <summary>
    /// Parses a wire name, case-insensitively. An unknown name gives an <see cref="ErrorCodes.VerdictUnknown"/>
    /// error (kind Invalid) that lists the valid names.
    /// </summary>
    public static Result<Verdict> Parse(string? value)
    {
        if (TryParse(value, out var verdict))
        {
            return verdict;
        }

        return DomainError.Invalid(
            ErrorCodes.VerdictUnknown,
            $"\"{value}\" is not a verdict; use one of: {string.Join(", ", All.Select(v => v.WireName()))}.");
    }
}
