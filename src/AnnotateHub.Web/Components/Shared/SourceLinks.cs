using System.Globalization;
using AnnotateHub.Domain;

namespace AnnotateHub.Web.Components.Shared;

/// <summary>How a source points somewhere: a web page's domain, a passage's address in the workspace.</summary>
public static class SourceLinks
{
    /// <summary>The host of a web address without "www." (e.g. "census.gov"), or an empty string for no valid address.</summary>
    public static string Domain(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IdnHost.Length > 0
            ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host)
            : string.Empty;

    /// <summary>The cited document, opened at the passage (DocumentPage reads <c>at=start-end</c>, in code points).</summary>
    public static string PassageHref(string documentId, TextTarget? passage) =>
        passage is null ? "documents/" + Uri.EscapeDataString(documentId) : PassageHref(documentId, passage.Position.Start, passage.Position.End);

    /// <summary>The cited document, opened at code points <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static string PassageHref(string documentId, int start, int end) =>
        "documents/" + Uri.EscapeDataString(documentId) + string.Create(CultureInfo.InvariantCulture, $"?at={start}-{end}");

    /// <summary>A claim elsewhere in the workspace, opened with its card selected.</summary>
    public static string AnnotationHref(string documentId, string annotationId) =>
        "documents/" + Uri.EscapeDataString(documentId) + "?annotation=" + Uri.EscapeDataString(annotationId);

    /// <summary>Reads <c>start-end</c>; null when it is not two ordered, non-negative numbers.</summary>
    public static (int Start, int End)? ParseRange(string? at)
    {
        var parts = at?.Split('-');
        return parts is [var a, var b] &&
               int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var start) &&
               int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end > start
            ? (start, end)
            : null;
    }
}
