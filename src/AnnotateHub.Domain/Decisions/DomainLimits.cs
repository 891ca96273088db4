namespace AnnotateHub.Domain;

/// <summary>
/// Configurable size limits checked by <see cref="DocumentDecider.Decide"/>. Lengths are counted in Unicode
/// code points after normalisation; the document text is measured in UTF-8 bytes.
/// </summary>
public sealed record DomainLimits
{
    /// <summary>The limits used when none are given.</summary>
    public static DomainLimits Default { get; } = new();

    /// <summary>Maximum size of a normalised document text in UTF-8 bytes (default 5 MiB). Over it: TooLarge.</summary>
    public int MaxTextBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Maximum document title length (default 300). Over it: Invalid.</summary>
    public int MaxTitleLength { get; init; } = 300;

    /// <summary>Maximum body length of an annotation or reply, and of a source quote or note (default 20,000). Over it: TooLarge.</summary>
    public int MaxBodyLength { get; init; } = 20_000;

    /// <summary>Maximum rationale length of a vote, ruling or reopening (default 20,000). Over it: TooLarge.</summary>
    public int MaxRationaleLength { get; init; } = 20_000;

    /// <summary>Maximum number of tags on an annotation after de-duplication (default 20). Over it: Invalid.</summary>
    public int MaxTags { get; init; } = 20;

    /// <summary>Maximum length of one tag (default 50). Over it: Invalid.</summary>
    public int MaxTagLength { get; init; } = 50;

    /// <summary>Maximum quorum of a document (default 20; the minimum is 1). Outside: Invalid.</summary>
    public int MaxQuorum { get; init; } = 20;

    /// <summary>Maximum source title length (default 300). Over it: Invalid.</summary>
    public int MaxSourceTitleLength { get; init; } = 300;

    /// <summary>Maximum URL length (default 2,048). Over it: Invalid.</summary>
    public int MaxUrlLength { get; init; } = 2_048;

    /// <summary>Maximum length of a caller-chosen id (default 128). Over it: Invalid.</summary>
    public int MaxIdLength { get; init; } = 128;
}
