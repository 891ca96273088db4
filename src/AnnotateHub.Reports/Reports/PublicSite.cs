using System.Globalization;
using AnnotateHub.Grains;

namespace AnnotateHub.Reports;

/// <summary>
/// Who publishes, as readers see it: the workspace's publisher name, site, logo and accent colour, and dates in its time
/// zone. Made from the workspace settings (<see cref="WorkspaceSettings"/>); the workspace's own name stands in for a
/// publisher name that is not set.
/// </summary>
public sealed record PublicSite
{
    /// <summary>The accent colour when none (or a malformed one) is set.</summary>
    public const string DefaultAccent = "#1f4fbf";

    public required string Name { get; init; }

    public string? Url { get; init; }

    public string? LogoUrl { get; init; }

    /// <summary>A colour as <c>#rrggbb</c> (never anything else: it goes into a stylesheet).</summary>
    public string Accent { get; init; } = DefaultAccent;

    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    public static PublicSite From(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        return new PublicSite
        {
            Name = string.IsNullOrWhiteSpace(settings.PublisherName) ? context.WorkspaceName : settings.PublisherName.Trim(),
            Url = ReportFacts.IsSafeUrl(settings.PublisherUrl) ? settings.PublisherUrl!.Trim() : null,
            LogoUrl = ReportFacts.IsSafeUrl(settings.PublisherLogoUrl) ? settings.PublisherLogoUrl!.Trim() : null,
            Accent = IsColor(settings.AccentColor) ? settings.AccentColor!.ToLowerInvariant() : DefaultAccent,
            Zone = FindZone(settings.TimeZone) ?? TimeZoneInfo.Utc,
        };
    }

    /// <summary>True for <c>#rrggbb</c>.</summary>
    public static bool IsColor(string? value) =>
        value is { Length: 7 } && value[0] == '#' && value[1..].All(char.IsAsciiHexDigit);

    /// <summary>The time zone with this IANA id, or null when there is none.</summary>
    public static TimeZoneInfo? FindZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    /// <summary>"21 November 2026", in the workspace's time zone.</summary>
    public string Date(DateTimeOffset at) => Local(at).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"2026-11-21", in the workspace's time zone (for machines).</summary>
    public string IsoDate(DateTimeOffset at) => Local(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"21 November 2026, 10:05 (Europe/Berlin)".</summary>
    public string DateTime(DateTimeOffset at) =>
        $"{Local(at).ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({(Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id)})";

    /// <summary>The time with the workspace zone's offset (RFC 3339, for feeds).</summary>
    public string Rfc3339(DateTimeOffset at) => Local(at).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>"bls.gov" for https://www.bls.gov/news.release/…: the site a reader would recognise.</summary>
    public static string Domain(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? (uri.IdnHost.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.IdnHost[4..] : uri.IdnHost)
            : url;

    private DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);
}
