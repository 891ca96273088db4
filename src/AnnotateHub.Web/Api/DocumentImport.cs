using AnnotateHub.Reports;

namespace AnnotateHub.Web.Api;

/// <summary>
/// Turns imported content into the plain text a document holds, with <see cref="TextImporter"/>: "text" as it is,
/// "markdown" and "html" as the text a reader sees (the rules are written in <see cref="TextImporter"/>'s remarks:
/// block elements on their own lines, script, style and other non-rendered elements dropped, entities decoded,
/// whitespace collapsed). The result is normalised, as the domain does again.
/// </summary>
public static class DocumentImport
{
    public static readonly IReadOnlyList<string> Formats = ImportFormats.Names;

    /// <summary>The plain text of <paramref name="content"/>; an unknown format throws a 422 <see cref="ApiException"/>.</summary>
    public static string ToText(string content, string? format) => TextImporter.Import(content, Parse(format)).Text;

    /// <summary>The format named by <paramref name="format"/> (blank means text); an unknown one throws a 422 <see cref="ApiException"/>.</summary>
    public static ImportFormat Parse(string? format) => ImportFormats.TryParse(format, out var parsed)
        ? parsed
        : throw ApiProblems.Invalid(
            ApiProblems.FormatUnknown,
            $"\"{format}\" is not an import format; use one of: {string.Join(", ", Formats)}.");

    /// <summary>The text of an HTML document or fragment (see <see cref="TextImporter.FromHtml"/>).</summary>
    public static string HtmlToText(string html) => TextImporter.FromHtml(html);
}
