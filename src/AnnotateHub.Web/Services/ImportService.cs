using System.Globalization;
using System.Security.Claims;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Api;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Web.Services;

/// <summary>What an import would create, shown to the importer before the document exists.</summary>
/// <param name="Text">The document's text, exactly as it will be stored (converted and normalised).</param>
/// <param name="Characters">The length of <paramref name="Text"/> in Unicode code points (the unit of every offset).</param>
/// <param name="DetectedTitle">The title the content suggests (HTML &lt;title&gt;/og:title, first Markdown heading); null when none.</param>
/// <param name="SuggestedTitle">The title to start from: the detected one, else the file name or page address; may be empty.</param>
/// <param name="SourceUrl">For a URL import, the address the page came from; else null.</param>
/// <param name="Origin">Where the text came from, in words ("article.html (HTML file, 2.1 KB)").</param>
public sealed record ImportPreview(string Text, int Characters, string? DetectedTitle, string SuggestedTitle, string? SourceUrl, string Origin);

/// <summary>
/// Turns pasted text, an uploaded file or a fetched web page into an <see cref="ImportPreview"/> for the workspace
/// page, with the same converters as the REST API and the admin CLI (<see cref="TextImporter"/>, <see cref="UrlImporter"/>,
/// <see cref="ImportProblems"/>). Nothing is created here: the page creates the confirmed text with
/// <see cref="WorkspaceService.ImportDocumentAsync"/>, which checks the role again.
/// </summary>
/// <remarks>
/// Every preview re-reads the caller's role first, so a viewer (or a reviewer demoted while the page was open) never
/// makes the server read a file or fetch an address. Problems the importer can fix throw <see cref="DomainException"/>
/// (codes in <see cref="Codes"/>) or, for a fetch, <see cref="UrlImportException"/>; both carry a message that says what to do.
/// </remarks>
public sealed class ImportService(AccessService access, IOptions<UrlImportOptions> options, UrlImporter? urlImporter = null)
{
    /// <summary>The file name extensions the file picker offers.</summary>
    public static readonly IReadOnlyList<string> FileExtensions = [".txt", ".md", ".markdown", ".html", ".htm"];

    /// <summary>Error codes of a preview (besides the domain's and <see cref="UrlImportException.Code"/>).</summary>
    public static class Codes
    {
        public const string FileTypeUnsupported = "file-type-unsupported";
        public const string FileTooLarge = "file-too-large";
        public const string FileEmpty = "file-empty";
        public const string FileNotText = "file-not-text";
        public const string NoText = "import-no-text";
        public const string UrlImportUnavailable = ImportProblems.UrlImportUnavailable;
    }

    /// <summary>The <c>accept</c> attribute of the file picker.</summary>
    public static string FileAccept => string.Join(",", FileExtensions);

    /// <summary>The largest file that may be uploaded: the import setting <c>Import:MaxBytes</c> (the URL import's body limit).</summary>
    public long MaxFileBytes => options.Value.MaxBytes;

    /// <summary>Whether URL import is set up in this server.</summary>
    public bool CanFetch => urlImporter is not null;

    /// <summary>The file size limit in words ("5 MB").</summary>
    public string MaxFileSize => Size(MaxFileBytes);

    /// <summary>Null when a file of this name and size may be uploaded, else what to do instead (checked before any byte is read).</summary>
    public string? CheckFile(string fileName, long size) => FileProblem(fileName, size)?.Message;

    /// <summary>The text of pasted <paramref name="content"/> in <paramref name="format"/> ("text", "markdown", "html").</summary>
    public async Task<ImportPreview> PreviewTextAsync(string workspaceId, ClaimsPrincipal caller, string content, string? format)
    {
        ArgumentNullException.ThrowIfNull(content);
        await RequireImporterAsync(workspaceId, caller);
        if (!ImportFormats.TryParse(format, out var parsed))
        {
            throw Invalid(WorkspaceService.Codes.FormatUnknown, $"Choose one of the formats: {string.Join(", ", ImportFormats.Names)}.");
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            throw Invalid(ErrorCodes.TextEmpty, "Paste the document's text.");
        }

        var imported = TextImporter.Import(content, parsed);
        RequireText(imported.Text, parsed == ImportFormat.Text
            ? "The pasted text is only white space. Paste the document's text."
            : $"The pasted {Describe(parsed)} has no text a reader would see. Check the format, or paste the text itself.");
        var origin = $"Pasted {Describe(parsed)}";
        return Preview(imported.Text, imported.Title, imported.Title ?? string.Empty, null, origin);
    }

    /// <summary>The text of an uploaded file; its format comes from its extension (.txt, .md, .markdown, .html, .htm).</summary>
    public async Task<ImportPreview> PreviewFileAsync(string workspaceId, ClaimsPrincipal caller, string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);
        await RequireImporterAsync(workspaceId, caller);
        if (FileProblem(fileName, content.Length) is { } problem)
        {
            throw new DomainException(problem);
        }

        var format = ImportFormats.FromFileName(fileName)!.Value;
        if (LooksBinary(content))
        {
            throw Invalid(Codes.FileNotText, $"\"{fileName}\" is not a text file (it holds binary data). Choose the .txt, .md or .html file itself, not a document, PDF or archive.");
        }

        var imported = TextImporter.Import(content, format);
        RequireText(imported.Text, $"\"{fileName}\" has no text a reader would see. Check that it is the article itself, not an empty page.");
        var fallback = Path.GetFileNameWithoutExtension(fileName).Trim();
        var origin = $"{fileName} ({Describe(format)} file, {Size(content.Length)})";
        return Preview(imported.Text, imported.Title, Fit(imported.Title ?? fallback), null, origin);
    }

    /// <summary>The text of the page at <paramref name="url"/>, fetched server-side with the import limits and address checks.</summary>
    /// <exception cref="UrlImportException">The address is refused, or the fetch failed; the message says what to do.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ImportPreview> FetchAsync(string workspaceId, ClaimsPrincipal caller, string url, CancellationToken cancellationToken)
    {
        await RequireImporterAsync(workspaceId, caller);
        if (urlImporter is null)
        {
            throw Invalid(Codes.UrlImportUnavailable, "This server is not set up to fetch web pages. Save the page and upload it as a file instead.");
        }

        var fetched = await urlImporter.ImportAsync(url ?? string.Empty, cancellationToken);
        RequireText(fetched.Text, $"{fetched.FinalUrl} has no text to import. Copy its text and paste it instead.");
        var redirects = fetched.Redirects switch
        {
            0 => string.Empty,
            1 => ", after 1 redirect",
            var n => $", after {n} redirects",
        };
        var origin = $"{fetched.FinalUrl} ({fetched.MediaType}{redirects})";
        return Preview(fetched.Text, fetched.Title, ImportProblems.TitleFor(fetched), ImportProblems.SourceUrlFor(fetched), origin);
    }

    private async Task RequireImporterAsync(string workspaceId, ClaimsPrincipal caller)
    {
        var current = await access.WorkspaceAsync(caller, workspaceId) ?? throw new DomainException(DomainError.NotFound(
            WorkspaceService.Codes.WorkspaceNotFound, "There is no such workspace, or you are not a member of it."));
        if (!current.Actor.Role.CanWrite())
        {
            throw new DomainException(DomainError.Forbidden(
                ErrorCodes.RoleForbidden, "Viewers can read documents but not import them; ask a workspace admin for the reviewer role."));
        }
    }

    private DomainError? FileProblem(string fileName, long size)
    {
        if (!FileExtensions.Contains(Path.GetExtension(fileName).ToLowerInvariant()))
        {
            return DomainError.Invalid(
                Codes.FileTypeUnsupported,
                $"\"{fileName}\" cannot be imported: choose a .txt, .md (Markdown) or .html file. For a PDF or word-processor document, copy its text and paste it instead.");
        }

        if (size == 0)
        {
            return DomainError.Invalid(Codes.FileEmpty, $"\"{fileName}\" is empty. Choose the file that holds the article.");
        }

        if (size <= MaxFileBytes)
        {
            return null;
        }

        // rounded sizes can read alike ("64 KB; up to 64 KB"): then exact bytes say it
        var (actual, limit) = Size(size) == MaxFileSize
            ? (Bytes(size), Bytes(MaxFileBytes))
            : (Size(size), MaxFileSize);
        return DomainError.TooLarge(
            Codes.FileTooLarge,
            $"\"{fileName}\" is {actual}; files up to {limit} can be imported. Split it, or paste the part you need.");
    }

    private static void RequireText(string text, string emptyMessage)
    {
        if (text.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            throw Invalid(Codes.NoText, emptyMessage);
        }

        if (WorkspaceRules.CheckText(text) is { } tooLarge)
        {
            throw new DomainException(DomainError.TooLarge(ErrorCodes.TextTooLarge, tooLarge));
        }
    }

    private static ImportPreview Preview(string text, string? detected, string suggested, string? sourceUrl, string origin) =>
        new(text, CountRunes(text), detected, suggested, sourceUrl, origin);

    private static int CountRunes(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>A title cut to the domain's limit (with an ellipsis), so a long detected title never blocks the import.</summary>
    private static string Fit(string title)
    {
        var max = WorkspaceRules.MaxTitleLength;
        var runes = title.EnumerateRunes().ToArray();
        return runes.Length <= max ? title : string.Concat(runes.Take(max - 1).Select(r => r.ToString())) + "…";
    }

    /// <summary>NUL bytes in the first 8 KB (outside UTF-16, which starts with a byte-order mark) mean binary data, as git decides.</summary>
    private static bool LooksBinary(byte[] content) =>
        content is not ([0xFE, 0xFF, ..] or [0xFF, 0xFE, ..]) && content.AsSpan(0, Math.Min(content.Length, 8192)).Contains((byte)0);

    private static string Describe(ImportFormat format) => format switch
    {
        ImportFormat.Markdown => "Markdown",
        ImportFormat.Html => "HTML",
        _ => "text",
    };

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private static DomainException Invalid(string code, string message) => new(DomainError.Invalid(code, message));
}
