using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Api;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Admin;

/// <summary>
/// <c>admin import</c> and <c>admin report</c>: documents in and verdict reports out from a shell. Same conventions as
/// <see cref="AdminCli"/>: results on stdout, errors on stderr, exit code 0 on success, 1 on an error, 2 on a usage mistake.
/// </summary>
public static class AdminReports
{
    public const string Usage = """
          import           --workspace ID (--file F | --url U) [--title T] [--format text|markdown|html]
                                                               import a document; the format follows the file's extension
                                                               (or the server's content type for --url); prints its id on the last line
          report           (--workspace ID | --document ID) --format F [--out FILE]
                                                               write a report; F = html|pdf|markdown|csv|claimreview|w3c, or backup
                                                               (workspace only); FILE defaults to a name in the current folder, - is stdout
        """;

    /// <summary>The actor the CLI imports as (recorded as the document's creator).</summary>
    public static readonly Actor CliActor = new("admin-cli", WorkspaceRole.Admin, "Admin CLI");

    /// <summary><c>admin import --workspace ID --file F|--url U [--title T] [--format F]</c>.</summary>
    public static async Task<int> ImportAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        if (!TryRequired(options, "workspace", out var workspaceId, out var problem))
        {
            return await UsageAsync(stderr, problem);
        }

        var hasFile = options.TryGetValue("file", out var file) && !string.IsNullOrWhiteSpace(file);
        var hasUrl = options.TryGetValue("url", out var url) && !string.IsNullOrWhiteSpace(url);
        if (hasFile == hasUrl)
        {
            return await UsageAsync(stderr, "give either --file F or --url U.");
        }

        var workspaces = sp.GetRequiredService<WorkspaceService>();
        var workspace = await workspaces.GetAsync(workspaceId);
        if (!workspace.Exists)
        {
            await stderr.WriteLineAsync($"error: there is no workspace '{workspaceId}'. List them with: admin list-workspaces");
            return 1;
        }

        options.TryGetValue("title", out var title);
        string text;
        string? sourceUrl = null;
        if (hasFile)
        {
            if (!File.Exists(file))
            {
                await stderr.WriteLineAsync($"error: there is no file '{file}'. Check the path.");
                return 1;
            }

            ImportFormat format;
            if (options.TryGetValue("format", out var formatName))
            {
                if (!ImportFormats.TryParse(formatName, out format))
                {
                    await stderr.WriteLineAsync($"error: unknown format '{formatName}'. Use one of: {string.Join(", ", ImportFormats.Names)}.");
                    return 2;
                }
            }
            else
            {
                format = ImportFormats.FromFileName(file!) ?? ImportFormat.Text;
            }

            var imported = TextImporter.Import(await File.ReadAllTextAsync(file!, Encoding.UTF8), format);
            text = imported.Text;
            title = string.IsNullOrWhiteSpace(title) ? imported.Title ?? Path.GetFileNameWithoutExtension(file!) : title;
        }
        else
        {
            var importer = sp.GetService<UrlImporter>();
            if (importer is null)
            {
                await stderr.WriteLineAsync("error: URL import is not set up in this build (AddAnnotateHubReports is not called). Save the page and use --file.");
                return 1;
            }

            try
            {
                var fetched = await importer.ImportAsync(url!);
                text = fetched.Text;
                title = string.IsNullOrWhiteSpace(title) ? ImportProblems.TitleFor(fetched) : title;
                sourceUrl = ImportProblems.SourceUrlFor(fetched);
                await stdout.WriteLineAsync($"fetched {fetched.FinalUrl} ({fetched.MediaType}{(fetched.Redirects > 0 ? $", after {fetched.Redirects} redirect(s)" : string.Empty)})");
            }
            catch (UrlImportException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        }

        if (text.Length == 0)
        {
            await stderr.WriteLineAsync("error: the content has no text to import. Check that the file is the document (not an empty page).");
            return 1;
        }

        var documentId = DocumentApi.NewId("doc", null);
        await workspaces.CreateDocumentAsync(workspaceId, CliActor, documentId, title!.Trim(), text, sourceUrl);
        await stdout.WriteLineAsync($"imported \"{title.Trim()}\" into \"{workspace.Name}\" ({text.EnumerateRunes().Count():N0} characters); write a report with: admin report --document {documentId} --format html");
        await stdout.WriteLineAsync(documentId);
        return 0;
    }

    /// <summary><c>admin report --workspace ID|--document ID --format F [--out FILE]</c>.</summary>
    public static async Task<int> ReportAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        var hasWorkspace = options.TryGetValue("workspace", out var workspaceId) && !string.IsNullOrWhiteSpace(workspaceId);
        var hasDocument = options.TryGetValue("document", out var documentId) && !string.IsNullOrWhiteSpace(documentId);
        if (hasWorkspace == hasDocument)
        {
            return await UsageAsync(stderr, "give either --workspace ID or --document ID.");
        }

        if (!TryRequired(options, "format", out var formatName, out var problem))
        {
            return await UsageAsync(stderr, problem);
        }

        var allowed = hasWorkspace ? ReportFormats.WorkspaceFormats : ReportFormats.DocumentFormats;
        if (!ReportFormats.TryParse(formatName, out var format) || !allowed.Contains(format))
        {
            await stderr.WriteLineAsync($"error: '{formatName}' is not a report format for a {(hasWorkspace ? "workspace" : "document")}; use one of: {string.Join(", ", allowed.Select(f => f.WireName()))}.");
            return 2;
        }

        var reports = sp.GetService<ReportService>();
        if (reports is null)
        {
            await stderr.WriteLineAsync("error: reports are not set up in this build (AddAnnotateHubReports is not called).");
            return 1;
        }

        var baseIri = sp.GetRequiredService<IConfiguration>()["Reports:BaseIri"]?.TrimEnd('/') ?? "urn:annotatehub";
        ReportFile file;
        try
        {
            if (hasWorkspace)
            {
                var workspace = await sp.GetRequiredService<WorkspaceService>().GetAsync(workspaceId!);
                if (!workspace.Exists)
                {
                    await stderr.WriteLineAsync($"error: there is no workspace '{workspaceId}'. List them with: admin list-workspaces");
                    return 1;
                }

                file = await reports.WorkspaceReportAsync(workspace, format, baseIri);
            }
            else
            {
                var document = await sp.GetRequiredService<DocumentService>().GetAsync(documentId!);
                if (!document.Exists)
                {
                    await stderr.WriteLineAsync($"error: there is no document '{documentId}'. List a workspace's documents with GET /api/v1/workspaces/{{id}}/documents.");
                    return 1;
                }

                file = await reports.DocumentReportAsync(document, format, baseIri);
            }
        }
        catch (PdfRenderException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 1;
        }

        var output = options.TryGetValue("out", out var path) && !string.IsNullOrWhiteSpace(path) ? path : file.FileName;
        if (output == "-")
        {
            await using var stream = Console.OpenStandardOutput();
            await stream.WriteAsync(file.Content);
            return 0;
        }

        await File.WriteAllBytesAsync(output, file.Content);
        await stdout.WriteLineAsync($"wrote {file.Content.Length:N0} bytes ({format.WireName()}) to {Path.GetFullPath(output)}");
        return 0;
    }

    private static bool TryRequired(IReadOnlyDictionary<string, string> options, string name, out string value, out string problem)
    {
        if (options.TryGetValue(name, out var found) && !string.IsNullOrWhiteSpace(found))
        {
            value = found;
            problem = string.Empty;
            return true;
        }

        value = string.Empty;
        problem = $"--{name} is required.";
        return false;
    }

    private static async Task<int> UsageAsync(TextWriter stderr, string problem)
    {
        await stderr.WriteLineAsync($"error: {problem}\n\n{AdminCli.Usage}{Usage}");
        return 2;
    }
}
