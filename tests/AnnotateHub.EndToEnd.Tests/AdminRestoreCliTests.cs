using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary><c>admin restore</c> as an operator runs it: a backup made on one server's data folder, restored into another's.</summary>
public sealed class AdminRestoreCliTests : IDisposable
{
    private readonly string _a = Directory.CreateTempSubdirectory("annotatehub-restore-a-").FullName;
    private readonly string _b = Directory.CreateTempSubdirectory("annotatehub-restore-b-").FullName;
    private readonly string _files = Directory.CreateTempSubdirectory("annotatehub-restore-files-").FullName;

    public void Dispose()
    {
        foreach (var folder in new[] { _a, _b, _files })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    [Fact]
    public async Task GivenABackupFromServerA_WhenRestoredIntoServerBWithTheCli_ThenBHasTheWorkspaceAndRefusesToOverwriteIt()
    {
        // Server A: a workspace with a document, a claim and a vote.
        Ok(await AppHost.RunAdminAsync(_a, "create-user", "--email", "editor@a.example", "--name", "Erin Editor", "--password", "Correct-horse-7"));
        var workspaceId = LastLine(Ok(await AppHost.RunAdminAsync(_a, "create-workspace", "--name", "Metro desk")));
        Ok(await AppHost.RunAdminAsync(_a, "add-member", "--workspace", workspaceId, "--email", "editor@a.example", "--role", "admin"));
        var article = Path.Combine(_files, "article.md");
        await File.WriteAllTextAsync(article, "# Budget\n\nThe mayor said crime fell 20% last year 🚀.\n");
        var documentId = LastLine(Ok(await AppHost.RunAdminAsync(_a, "import", "--workspace", workspaceId, "--file", article)));
        var tokenA = LastLine(Ok(await AppHost.RunAdminAsync(_a, "issue-token", "--email", "editor@a.example")));
        await using (var serverA = await AppHost.StartAsync(new Dictionary<string, string> { ["Demo:Seed"] = "false" }, _a))
        {
            using var http = Client(serverA, tokenA);
            using var claim = await http.PostAsJsonAsync($"api/v1/documents/{documentId}/annotations", new { id = "c1", kind = "claim", target = new { exact = "crime fell 20%" } });
            Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
            using var vote = await http.PutAsJsonAsync($"api/v1/documents/{documentId}/annotations/c1/votes/me", new { verdict = "false", rationale = "Police data." });
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        }

        var backupA = Path.Combine(_files, "a.backup.json");
        Ok(await AppHost.RunAdminAsync(_a, "report", "--workspace", workspaceId, "--format", "backup", "--out", backupA));

        // Server B: restore it, with B's own account as its admin.
        Ok(await AppHost.RunAdminAsync(_b, "create-user", "--email", "ops@b.example", "--name", "Ops", "--password", "Correct-horse-8"));
        var restored = Ok(await AppHost.RunAdminAsync(_b, "restore", "--file", backupA, "--admin-email", "ops@b.example"));
        Assert.Equal(workspaceId, LastLine(restored));
        Assert.Contains("restored workspace \"Metro desk\"", restored.Stdout, StringComparison.Ordinal);
        Assert.Contains(": 1 document(s), ", restored.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 member(s)", (await AppHost.RunAdminAsync(_b, "list-workspaces")).Stdout, StringComparison.Ordinal);

        var backupB = Path.Combine(_files, "b.backup.json");
        Ok(await AppHost.RunAdminAsync(_b, "report", "--workspace", workspaceId, "--format", "backup", "--out", backupB));
        Assert.Equal(await File.ReadAllBytesAsync(backupA), await File.ReadAllBytesAsync(backupB));

        // Never overwrites; says what is wrong with a file or an account.
        var twice = await AppHost.RunAdminAsync(_b, "restore", "--file", backupA);
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains($"already has workspace '{workspaceId}'", twice.Stderr, StringComparison.Ordinal);
        var notABackup = await AppHost.RunAdminAsync(_b, "restore", "--file", article);
        Assert.Equal(1, notABackup.ExitCode);
        Assert.Contains("cannot be restored", notABackup.Stderr, StringComparison.Ordinal);
        var noAccount = await AppHost.RunAdminAsync(_b, "restore", "--file", backupA, "--admin-email", "nobody@b.example");
        Assert.Equal(1, noAccount.ExitCode);
        Assert.Contains("create-user", noAccount.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await AppHost.RunAdminAsync(_b, "restore")).ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(backupA), await ReportAsync(_b, workspaceId, "b-after.backup.json"));

        // While server B runs, the CLI restores through it (an Orleans client of its gateway) and still never
        // overwrites; the API serves the restored workspace.
        var tokenB = LastLine(Ok(await AppHost.RunAdminAsync(_b, "issue-token", "--email", "ops@b.example")));
        await using var serverB = await AppHost.StartAsync(new Dictionary<string, string> { ["Demo:Seed"] = "false" }, _b);
        var throughServer = await serverB.RunAdminAsync("restore", "--file", backupA);
        Assert.Equal(1, throughServer.ExitCode);
        Assert.Contains($"already has workspace '{workspaceId}'", throughServer.Stderr, StringComparison.Ordinal);
        var live = Path.Combine(_files, "b-live.backup.json");
        Ok(await serverB.RunAdminAsync("report", "--workspace", workspaceId, "--format", "backup", "--out", live));
        Assert.Equal(await File.ReadAllBytesAsync(backupA), await File.ReadAllBytesAsync(live));

        using var api = Client(serverB, tokenB);
        var document = JsonNode.Parse(await api.GetStringAsync($"api/v1/documents/{documentId}"))!;
        var c1 = document["annotations"]!.AsArray().Single()!;
        Assert.Equal("c1", c1["id"]!.GetValue<string>());
        Assert.Equal("false", c1["votes"]![0]!["verdict"]!.GetValue<string>());
    }

    private static (int ExitCode, string Stdout, string Stderr) Ok((int ExitCode, string Stdout, string Stderr) result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return result;
    }

    private static string LastLine((int ExitCode, string Stdout, string Stderr) result) => result.Stdout.TrimEnd().Split('\n')[^1].Trim();

    private static HttpClient Client(AppHost host, string token)
    {
        var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<byte[]> ReportAsync(string data, string workspaceId, string name)
    {
        var path = Path.Combine(_files, name);
        Ok(await AppHost.RunAdminAsync(data, "report", "--workspace", workspaceId, "--format", "backup", "--out", path));
        return await File.ReadAllBytesAsync(path);
    }
}
