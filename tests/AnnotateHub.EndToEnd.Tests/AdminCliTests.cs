using System.Net;
using System.Net.Http.Headers;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>The admin CLI as an operator runs it: the real executable, a real SQLite file, then the server on that file.</summary>
public sealed class AdminCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("annotatehub-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task GivenEmptyServer_WhenOperatorBootstrapsWithCli_ThenTheTokenWorksAgainstTheApi()
    {
        var user = await AppHost.RunAdminAsync(_data, "create-user", "--email", "editor@example.org", "--name", "Erin Editor", "--password", "Correct-horse-7");
        Assert.True(user.ExitCode == 0, user.Stderr);
        Assert.Contains("editor@example.org", user.Stdout, StringComparison.Ordinal);

        var workspace = await AppHost.RunAdminAsync(_data, "create-workspace", "--name", "Metro desk");
        Assert.True(workspace.ExitCode == 0, workspace.Stderr);
        var workspaceId = workspace.Stdout.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("ws-", workspaceId, StringComparison.Ordinal);

        var member = await AppHost.RunAdminAsync(_data, "add-member", "--workspace", workspaceId, "--email", "editor@example.org", "--role", "admin");
        Assert.True(member.ExitCode == 0, member.Stderr);

        var token = await AppHost.RunAdminAsync(_data, "issue-token", "--email", "editor@example.org", "--expires-days", "30");
        Assert.True(token.ExitCode == 0, token.Stderr);
        var secret = token.Stdout.Trim();
        Assert.Single(token.Stdout.Trim().Split('\n'));
        Assert.StartsWith("ahp_", secret, StringComparison.Ordinal);

        var users = await AppHost.RunAdminAsync(_data, "list-users");
        Assert.Contains("Erin Editor", users.Stdout, StringComparison.Ordinal);
        var workspaces = await AppHost.RunAdminAsync(_data, "list-workspaces");
        Assert.Contains("Metro desk", workspaces.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 member", workspaces.Stdout, StringComparison.Ordinal);

        await using var app = await AppHost.StartAsync(new Dictionary<string, string> { ["Demo:Seed"] = "false" }, _data);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.GetAsync("api/v1/workspaces");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains(workspaceId, body, StringComparison.Ordinal);
        Assert.Contains("Metro desk", body, StringComparison.Ordinal);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret + "x");
        using var rejected = await http.GetAsync("api/v1/workspaces");
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Fact]
    public async Task GivenARunningServer_WhenTheOperatorRunsCommands_ThenTheyGoThroughTheServerAndItsUsersSeeThemAtOnce()
    {
        await using var app = await AppHost.StartAsync(new Dictionary<string, string> { ["Demo:Seed"] = "false" }, _data);

        // The server holds the database: the CLI reaches it as an Orleans client through its gateway.
        Assert.Equal(0, (await app.RunAdminAsync("create-user", "--email", "live@example.org", "--name", "Lee Live", "--password", "Correct-horse-7")).ExitCode);
        var workspace = await app.RunAdminAsync("create-workspace", "--name", "Night desk");
        Assert.True(workspace.ExitCode == 0, workspace.Stderr);
        var workspaceId = workspace.Stdout.TrimEnd().Split('\n')[^1].Trim();
        Assert.Equal(0, (await app.RunAdminAsync("add-member", "--workspace", workspaceId, "--email", "live@example.org", "--role", "admin")).ExitCode);
        var token = (await app.RunAdminAsync("issue-token", "--email", "live@example.org")).Stdout.Trim();

        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await http.PostAsync(
            $"api/v1/workspaces/{workspaceId}/documents",
            new StringContent("""{"title":"Statement","content":"Unemployment fell to 3.1 percent last year.","format":"text"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        // A report read through the running server's store, and a workspace the server lists at once.
        var backup = Path.Combine(_data, "night.backup.json");
        var report = await app.RunAdminAsync("report", "--workspace", workspaceId, "--format", "backup", "--out", backup);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains("Unemployment fell to 3.1 percent", await File.ReadAllTextAsync(backup), StringComparison.Ordinal);
        var listed = await http.GetStringAsync("api/v1/workspaces");
        Assert.Contains("Night desk", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenARunningServerWhoseGatewayTheCliCannotReach_WhenRunningACommand_ThenItSaysWhatToDoAndChangesNothing()
    {
        await using var app = await AppHost.StartAsync(new Dictionary<string, string> { ["Demo:Seed"] = "false" }, _data);
        var wrongPort = new Dictionary<string, string> { ["Cluster:GatewayPort"] = "1" };

        var result = await AppHost.RunAdminAsync(_data, wrongPort, "create-workspace", "--name", "Lost desk");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cluster:GatewayPort", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("stop the server", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Lost desk", (await app.RunAdminAsync("list-workspaces")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenNoPassword_WhenCreatingUser_ThenAStrongPasswordIsGeneratedAndPrinted()
    {
        var result = await AppHost.RunAdminAsync(_data, "create-user", "--email", "new@example.org", "--name", "New Person");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var line = result.Stdout.Split('\n').Single(l => l.StartsWith("password: ", StringComparison.Ordinal));
        Assert.True(line["password: ".Length..].Trim().Length >= 12, "the generated password is long");
    }

    [Fact]
    public async Task GivenMistakes_WhenRunningCommands_ThenEachExitsNonZeroWithAMessageSayingWhatToDo()
    {
        var weak = await AppHost.RunAdminAsync(_data, "create-user", "--email", "a@example.org", "--name", "A", "--password", "short");
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("Passwords must", weak.Stderr, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(0, (await AppHost.RunAdminAsync(_data, "create-user", "--email", "b@example.org", "--name", "B", "--password", "Another-pass-99")).ExitCode);
        var duplicate = await AppHost.RunAdminAsync(_data, "create-user", "--email", "b@example.org", "--name", "B again", "--password", "Another-pass-99");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("b@example.org", duplicate.Stderr, StringComparison.Ordinal);

        var workspace = await AppHost.RunAdminAsync(_data, "create-workspace", "--name", "Desk");
        var workspaceId = workspace.Stdout.TrimEnd().Split('\n')[^1].Trim();

        var unknownUser = await AppHost.RunAdminAsync(_data, "add-member", "--workspace", workspaceId, "--email", "nobody@example.org", "--role", "reviewer");
        Assert.Equal(1, unknownUser.ExitCode);
        Assert.Contains("create-user", unknownUser.Stderr, StringComparison.Ordinal);

        var badRole = await AppHost.RunAdminAsync(_data, "add-member", "--workspace", workspaceId, "--email", "b@example.org", "--role", "owner");
        Assert.Equal(1, badRole.ExitCode);
        Assert.Contains("viewer, reviewer, moderator, admin", badRole.Stderr, StringComparison.Ordinal);

        var unknownWorkspace = await AppHost.RunAdminAsync(_data, "add-member", "--workspace", "ws-nope", "--email", "b@example.org", "--role", "viewer");
        Assert.Equal(1, unknownWorkspace.ExitCode);
        Assert.Contains("list-workspaces", unknownWorkspace.Stderr, StringComparison.Ordinal);

        var missing = await AppHost.RunAdminAsync(_data, "issue-token");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--email is required", missing.Stderr, StringComparison.Ordinal);

        var unknownCommand = await AppHost.RunAdminAsync(_data, "make-coffee");
        Assert.Equal(2, unknownCommand.ExitCode);
        Assert.Contains("usage:", unknownCommand.Stderr, StringComparison.Ordinal);
    }
}
