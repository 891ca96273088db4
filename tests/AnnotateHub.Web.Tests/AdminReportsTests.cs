using System.Text;
using System.Text.Json;
using AnnotateHub.Domain;
using AnnotateHub.Web.Admin;
using AnnotateHub.Web.Services;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary><c>admin import</c> and <c>admin report</c>, called as AdminCli calls them (options already parsed).</summary>
public sealed class AdminReportsTests(ReportsApiFactory factory) : IClassFixture<ReportsApiFactory>
{
    private async Task<(int Exit, string Out, string Err)> RunAsync(Func<IServiceProvider, Dictionary<string, string>, TextWriter, TextWriter, Task<int>> command, params string[] pairs)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            options[pairs[i]] = pairs[i + 1];
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        await using var scope = factory.Services.CreateAsyncScope();
        var exit = await command(scope.ServiceProvider, options, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task GivenAMarkdownFile_WhenImported_ThenADocumentWithItsTextAndHeadingAsTitleIsCreated()
    {
        var workspaceId = await factory.CreateWorkspaceAsync("CLI desk");
        var file = Path.Combine(Path.GetTempPath(), $"annotatehub-cli-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(file, "# Budget notes\n\nThe mayor said **crime fell** 20% 🚀.\n\n<script>alert(1)</script>\n");
        try
        {
            var (exit, stdout, stderr) = await RunAsync(AdminReports.ImportAsync, "workspace", workspaceId, "file", file);

            Assert.True(exit == 0, stderr);
            var documentId = stdout.Trim().Split('\n')[^1];
            await using var scope = factory.Services.CreateAsyncScope();
            var document = await scope.ServiceProvider.GetRequiredService<DocumentService>().GetAsync(documentId);
            Assert.Equal("Budget notes", document.Title);
            Assert.Equal("Budget notes\n\nThe mayor said crime fell 20% 🚀.", document.Text);
            Assert.Equal(AdminReports.CliActor.UserId, document.CreatedBy);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task GivenAUrl_WhenImported_ThenThePageIsFetchedAndImported()
    {
        await using var pages = await LocalPages.StartAsync();
        var workspaceId = await factory.CreateWorkspaceAsync("CLI desk");

        var (exit, stdout, stderr) = await RunAsync(AdminReports.ImportAsync, "workspace", workspaceId, "url", pages.Url("/article.html"), "title", "Council");

        Assert.True(exit == 0, stderr);
        var documentId = stdout.Trim().Split('\n')[^1];
        await using var scope = factory.Services.CreateAsyncScope();
        var document = await scope.ServiceProvider.GetRequiredService<DocumentService>().GetAsync(documentId);
        Assert.Equal("Council", document.Title);
        Assert.Equal(pages.Url("/article.html"), document.SourceUrl);
    }

    [Fact]
    public async Task GivenBadArguments_ThenTheExitCodeAndMessageSayWhatToFix()
    {
        Assert.Equal(2, (await RunAsync(AdminReports.ImportAsync, "workspace", "ws-x")).Exit);
        var (exit, _, stderr) = await RunAsync(AdminReports.ImportAsync, "workspace", "ws-missing", "file", "/nonexistent.txt");
        Assert.Equal(1, exit);
        Assert.Contains("no workspace 'ws-missing'", stderr, StringComparison.Ordinal);
        var (reportExit, _, reportErr) = await RunAsync(AdminReports.ReportAsync, "document", "doc-x", "format", "backup");
        Assert.Equal(2, reportExit);
        Assert.Contains("html, pdf, public-html, public-pdf, markdown, csv, claimreview, w3c", reportErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("csv")]
    [InlineData("claimreview")]
    [InlineData("w3c")]
    [InlineData("markdown")]
    [InlineData("backup")]
    public async Task GivenAWorkspace_WhenAReportIsWritten_ThenTheFileHoldsIt(string format)
    {
        var workspaceId = await factory.CreateWorkspaceAsync("CLI report desk");
        var reviewer = await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer");
        var created = await reviewer.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/documents",
            new { title = "CLI doc", content = "Crime fell by half 👮. 東京." });
        var documentId = created["id"]!.GetValue<string>();
        await reviewer.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{documentId}/annotations",
            new { kind = "claim", target = new { exact = "Crime fell by half" } });
        var output = Path.Combine(Path.GetTempPath(), $"annotatehub-cli-{Guid.NewGuid():N}.out");
        try
        {
            var (exit, stdout, stderr) = await RunAsync(AdminReports.ReportAsync, "workspace", workspaceId, "format", format, "out", output);

            Assert.True(exit == 0, stderr);
            Assert.Contains("wrote", stdout, StringComparison.Ordinal);
            var content = await File.ReadAllTextAsync(output, Encoding.UTF8);
            if (format == "backup")
            {
                Assert.Equal(documentId, Reports.WorkspaceBackup.Restore(await File.ReadAllBytesAsync(output)).Streams.Single().DocumentId);
            }
            else if (format is "claimreview")
            {
                Assert.Equal(0, JsonDocument.Parse(content).RootElement.GetArrayLength()); // the claim is open
            }
            else
            {
                Assert.Contains("Crime fell by half", content, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task GivenADocument_WhenAPdfIsWritten_ThenItIsAPdf()
    {
        var workspaceId = await factory.CreateWorkspaceAsync("CLI pdf desk");
        var reviewer = await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer");
        var created = await reviewer.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/documents",
            new { title = "CLI pdf", content = "Crime fell by half." });
        var output = Path.Combine(Path.GetTempPath(), $"annotatehub-cli-{Guid.NewGuid():N}.pdf");
        try
        {
            var (exit, _, stderr) = await RunAsync(AdminReports.ReportAsync, "document", created["id"]!.GetValue<string>(), "format", "pdf", "out", output);
            Assert.True(exit == 0, stderr);
            Assert.Equal("%PDF-", Encoding.ASCII.GetString((await File.ReadAllBytesAsync(output))[..5]));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
