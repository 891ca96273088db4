using AnnotateHub.Domain;

namespace AnnotateHub.Web.Services;

/// <summary>
/// Reads the tags typed into a "Tags (comma separated)" box: split on commas only (a tag may hold spaces, e.g.
/// "public health"), each trimmed and without a leading '#', empty ones dropped.
/// </summary>
public static class TagInput
{
    public static string[] Split(string? text) =>
        (text ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries)
            .Select(t => t.TrimStart('#').Trim())
            .Where(t => t.Length > 0)
            .ToArray();

    /// <summary>The longest tag field that can hold the most tags of the longest length, with ", " between them.</summary>
    public static int MaxLength(DomainLimits limits) => limits.MaxTags * (limits.MaxTagLength + 3);
}
