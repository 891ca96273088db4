namespace AnnotateHub.Reports;

/// <summary>Limits of a server-side URL import (configuration section <c>Import</c>).</summary>
public sealed class UrlImportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Import";

    /// <summary>5 MB.</summary>
    public const long DefaultMaxBytes = 5L * 1024 * 1024;

    /// <summary>The most bytes read from a response (after decompression); a larger body is refused. Default 5 MB.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>The time the whole import may take, every redirect and the body included. Default 15 s.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most redirects followed. Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Allows fetching from private, loopback, link-local and other non-public addresses (on-premises use, tests).
    /// Default false: such addresses are refused (see <see cref="AddressPolicy"/>).
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The User-Agent sent.</summary>
    public string UserAgent { get; set; } = "AnnotateHub-Import/1.0";

    internal void Validate()
    {
        if (MaxBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "Import:MaxBytes must be positive.");
        }

        if (TimeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), TimeLimit, "Import:TimeLimit must be positive.");
        }

        if (MaxRedirects < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRedirects), MaxRedirects, "Import:MaxRedirects must be 0 or more.");
        }
    }
}
