namespace AnnotateHub.Reports;

/// <summary>What imported content is written in. Wire names: "text", "markdown", "html".</summary>
public enum ImportFormat
{
    /// <summary>Plain text, kept as it is (then normalised).</summary>
    Text = 0,

    /// <summary>Markdown (CommonMark with pipe tables, emphasis extras and task lists).</summary>
    Markdown = 1,

    /// <summary>An HTML document or fragment.</summary>
    Html = 2,
}

/// <summary>Wire names of <see cref="ImportFormat"/>, and guesses from file names and media types.</summary>
public static class ImportFormats
{
    /// <summary>The wire names, in the order they are listed in messages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["text", "markdown", "html"];

    /// <summary>"text", "markdown" or "html".</summary>
    public static string WireName(this ImportFormat format) => format switch
    {
        ImportFormat.Text => "text",
        ImportFormat.Markdown => "markdown",
        ImportFormat.Html => "html",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown import format."),
    };

    /// <summary>Parses a wire name (case-insensitive; "md" and "htm" are accepted too). Blank means text.</summary>
    public static bool TryParse(string? value, out ImportFormat format)
    {
        switch ((value ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "" or "text" or "txt" or "plain":
                format = ImportFormat.Text;
                return true;
            case "markdown" or "md":
                format = ImportFormat.Markdown;
                return true;
            case "html" or "htm":
                format = ImportFormat.Html;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>The format a file name's extension says (.txt, .md, .markdown, .html, .htm, .xhtml); null when it says none.</summary>
    public static ImportFormat? FromFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".txt" or ".text" => ImportFormat.Text,
            ".md" or ".markdown" => ImportFormat.Markdown,
            ".html" or ".htm" or ".xhtml" => ImportFormat.Html,
            _ => null,
        };
    }

    /// <summary>
    /// The format a media type names: text/html and application/xhtml+xml are HTML, text/markdown and text/x-markdown
    /// Markdown, text/plain text; null for any other type. Parameters (<c>; charset=...</c>) are ignored.
    /// </summary>
    public static ImportFormat? FromMediaType(string? mediaType)
    {
        var type = (mediaType ?? string.Empty).Split(';', 2)[0].Trim().ToLowerInvariant();
        return type switch
        {
            "text/html" or "application/xhtml+xml" => ImportFormat.Html,
            "text/markdown" or "text/x-markdown" => ImportFormat.Markdown,
            "text/plain" => ImportFormat.Text,
            _ => null,
        };
    }
}
