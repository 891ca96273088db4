using AnnotateHub.Reports;

namespace AnnotateHub.Web.Api;

/// <summary>How URL imports answer: problems for <see cref="UrlImportException"/>s, and the title and source URL of a fetched page.</summary>
public static class ImportProblems
{
    public const string ContentAndUrl = "content-and-url";
    public const string UrlImportUnavailable = "url-import-unavailable";

    /// <summary>
    /// A refused address, content the server cannot import or a page over the limits is the caller's to fix (422); a
    /// remote server that fails or cannot be reached is a 502; one that is too slow a 504. The code is the error's own
    /// (<c>url-address-not-allowed</c>, <c>url-too-large</c>, ...) and the detail says what to do.
    /// </summary>
    public static ApiException From(UrlImportException e) => new(
        e.Error switch
        {
            UrlImportError.HostNotFound or UrlImportError.ConnectionFailed or UrlImportError.HttpStatus => StatusCodes.Status502BadGateway,
            UrlImportError.TimedOut => StatusCodes.Status504GatewayTimeout,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        e.Code,
        e.Message);

    /// <summary>The page's title, else its address; at most 300 characters.</summary>
    public static string TitleFor(UrlImportResult fetched)
    {
        var title = fetched.Title ?? fetched.FinalUrl.GetComponents(UriComponents.Host | UriComponents.Path, UriFormat.Unescaped).TrimEnd('/');
        var runes = title.EnumerateRunes().ToArray();
        return runes.Length <= 300 ? title : string.Concat(runes.Take(299).Select(r => r.ToString())) + "…";
    }

    /// <summary>The address the page was finally fetched from (when it fits the domain's URL limit), else the one asked for.</summary>
    public static string? SourceUrlFor(UrlImportResult fetched)
    {
        var final = fetched.FinalUrl.AbsoluteUri;
        if (final.Length <= Domain.DomainLimits.Default.MaxUrlLength)
        {
            return final;
        }

        var requested = fetched.RequestedUrl.AbsoluteUri;
        return requested.Length <= Domain.DomainLimits.Default.MaxUrlLength ? requested : null;
    }
}
