namespace AnnotateHub.Reports;

/// <summary>Why a URL import failed.</summary>
public enum UrlImportError
{
    /// <summary>Not an absolute address, or it carries a user name or password.</summary>
    InvalidUrl,

    /// <summary>Not http or https (also for a redirect to another scheme).</summary>
    SchemeNotAllowed,

    /// <summary>The host resolves to a private, loopback, link-local or other non-public address.</summary>
    AddressNotAllowed,

    /// <summary>The host name does not resolve.</summary>
    HostNotFound,

    /// <summary>No connection could be made, or it broke.</summary>
    ConnectionFailed,

    /// <summary>More redirects than allowed.</summary>
    TooManyRedirects,

    /// <summary>The time limit passed.</summary>
    TimedOut,

    /// <summary>The body is larger than the size limit.</summary>
    TooLarge,

    /// <summary>The server answered with an error status (or a redirect without a location).</summary>
    HttpStatus,

    /// <summary>The content is not HTML, plain text or Markdown.</summary>
    UnsupportedContentType,

    /// <summary>The page holds no text.</summary>
    NoText,
}

/// <summary>A URL import failed; <see cref="Exception.Message"/> says why and what to do, for the person importing.</summary>
public sealed class UrlImportException : Exception
{
    public UrlImportException(UrlImportError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>What went wrong.</summary>
    public UrlImportError Error { get; }

    /// <summary>A stable code for APIs: "url-invalid", "url-scheme-not-allowed", ...</summary>
    public string Code => Error switch
    {
        UrlImportError.InvalidUrl => "url-invalid",
        UrlImportError.SchemeNotAllowed => "url-scheme-not-allowed",
        UrlImportError.AddressNotAllowed => "url-address-not-allowed",
        UrlImportError.HostNotFound => "url-host-not-found",
        UrlImportError.ConnectionFailed => "url-connection-failed",
        UrlImportError.TooManyRedirects => "url-too-many-redirects",
        UrlImportError.TimedOut => "url-timed-out",
        UrlImportError.TooLarge => "url-too-large",
        UrlImportError.HttpStatus => "url-http-error",
        UrlImportError.UnsupportedContentType => "url-content-type-unsupported",
        UrlImportError.NoText => "url-no-text",
        _ => "url-import-failed",
    };
}
