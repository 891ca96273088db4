using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AnnotateHub.Domain;

/// <summary>
/// A claim as published for readers: the reviewed headline and summary a moderator wrote, under a public address
/// (<see cref="Slug"/>) that never changes once given, even when the claim is unpublished and published again.
/// </summary>
public sealed record Publication
{
    /// <summary>Longest headline, in code points.</summary>
    public const int MaxHeadlineLength = 200;

    /// <summary>Longest summary, in code points.</summary>
    public const int MaxSummaryLength = 2_000;

    /// <summary>Longest claimant name, in code points.</summary>
    public const int MaxClaimantLength = 200;

    /// <summary>The public address's last segment: <c>/c/{Slug}</c>.</summary>
    public required string Slug { get; init; }

    /// <summary>One line for readers.</summary>
    public required string Headline { get; init; }

    /// <summary>A few sentences for readers (plain text, possibly several paragraphs).</summary>
    public required string Summary { get; init; }

    /// <summary>Who made the claim, when known.</summary>
    public string? Claimant { get; init; }

    /// <summary>When the claim was made, when known.</summary>
    public DateOnly? ClaimDate { get; init; }

    /// <summary>The moderator who published it last.</summary>
    public required string PublishedBy { get; init; }

    /// <summary>When it was first published (ClaimReview's datePublished).</summary>
    public required DateTimeOffset FirstPublishedAt { get; init; }

    /// <summary>When it was last published or updated.</summary>
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>When it was unpublished (withdrawn from the public pages); null while published.</summary>
    public DateTimeOffset? WithdrawnAt { get; init; }

    /// <summary>True while the publication is live (not withdrawn).</summary>
    public bool IsLive => WithdrawnAt is null;
}

/// <summary>Public addresses of published claims.</summary>
public static class PublicSlugs
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>
    /// The slug a claim gets when first published: the headline in lower-case ASCII words joined by hyphens (at most 60
    /// characters), a hyphen, and 8 characters derived from the document and annotation ids, so that two claims never
    /// share an address (about 10^12 possibilities) and the same claim always gets the same one for the same headline.
    /// </summary>
    public static string For(string headline, string documentId, string annotationId)
    {
        var words = Words(headline, 60);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(documentId + "\n" + annotationId));
        var suffix = new StringBuilder(8);
        for (var i = 0; i < 8; i++)
        {
            suffix.Append(Alphabet[hash[i] % Alphabet.Length]);
        }

        return words.Length == 0 ? "claim-" + suffix : words + "-" + suffix;
    }

    /// <summary>True for what <see cref="For"/> makes: 1..80 of a-z, 0-9 and single inner hyphens.</summary>
    public static bool IsWellFormed(string? slug) =>
        slug is { Length: > 0 and <= 80 } && slug[0] != '-' && slug[^1] != '-' && !slug.Contains("--", StringComparison.Ordinal)
        && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>Lower-case ASCII letters and digits of <paramref name="text"/> (accents removed), words joined by hyphens.</summary>
    public static string Words(string? text, int max)
    {
        var decomposed = (text ?? string.Empty).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(Math.Min(decomposed.Length, max));
        var hyphen = false;
        foreach (var c in decomposed)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (hyphen && sb.Length > 0)
                {
                    sb.Append('-');
                }

                hyphen = false;
                sb.Append(char.ToLowerInvariant(c));
                if (sb.Length >= max)
                {
                    break;
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                hyphen = true;
            }
        }

        return sb.ToString().TrimEnd('-');
    }
}
