using System.Globalization;
using System.Net.Http.Headers;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Web.Hosting;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>
/// The real web app (as <see cref="ApiFactory"/>: real pipeline, SQLite in a fresh temp folder, no demo seed) with the
/// report and URL import services registered (<see cref="ReportsRegistration.AddAnnotateHubReports"/>, idempotent, so
/// this holds whether or not Program.cs calls it too). URL import and webhooks may reach 127.0.0.1 unless built
/// with <c>allowPrivateAddresses: false</c>; webhook retries are quick.
/// </summary>
public class ReportsApiFactory : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("annotatehub-reports-");
    private readonly bool _allowPrivateAddresses;
    private int _users;

    public ReportsApiFactory()
        : this(allowPrivateAddresses: true)
    {
    }

    protected ReportsApiFactory(bool allowPrivateAddresses) => _allowPrivateAddresses = allowPrivateAddresses;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataFolder", _folder.FullName);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next());
        builder.UseSetting("Cluster:GatewayPort", FreePorts.Next());
        builder.UseSetting("Import:AllowPrivateAddresses", _allowPrivateAddresses ? "true" : "false");
        builder.UseSetting("Import:TimeLimit", "00:00:05");
        builder.UseSetting("Import:MaxBytes", (64 * 1024).ToString(CultureInfo.InvariantCulture));
        // Webhook retries after 0.2 s, 0.4 s, …: a test waits on the receiver, never on the default 30 s.
        builder.UseSetting("Webhooks:FirstRetryDelay", "00:00:00.200");
        builder.UseSetting("Webhooks:BackoffFactor", "2");
        builder.ConfigureServices((context, services) => services.AddAnnotateHubReports(context.Configuration));
    }

    public HttpClient WithToken(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> CreateWorkspaceAsync(string name)
    {
        var id = $"ws-{Guid.NewGuid():N}"[..15];
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(id, name, "admin-cli");
        return id;
    }

    public async Task<Member> CreateMemberAsync(string workspaceId, WorkspaceRole role, string name)
    {
        var n = Interlocked.Increment(ref _users);
        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var created = await sp.GetRequiredService<AccountService>().CreateUserAsync($"report{n}-{Guid.NewGuid():N}@example.org", name, password: null);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        var user = created.Value!.User;
        await sp.GetRequiredService<MembershipService>().SetRoleAsync(workspaceId, user.Id, role);
        var token = await sp.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, "tests", expiresAt: null);
        return new Member(user.Id, name, role, new ApiClient(WithToken(token.Secret)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }
}

/// <summary>The same app with the default import setting: private and loopback addresses refused.</summary>
public sealed class StrictImportApiFactory : ReportsApiFactory
{
    public StrictImportApiFactory()
        : base(allowPrivateAddresses: false)
    {
    }
}

/// <summary>A workspace with a member of each role and a reviewed document, on a <see cref="ReportsApiFactory"/>.</summary>
public sealed record ReportTeam(string WorkspaceId, Member Admin, Member Moderator, Member Reviewer, Member SecondReviewer, Member Viewer, string DocumentId)
{
    public const string Article =
        "🚀 Budget day in Springfield. 東京 visitors rose.\n" +
        "The mayor said crime fell 20% last year. Critics said crime rose.\n" +
        "=HYPERLINK(\"http://evil.example\") taxes fell <script>alert(1)</script>.";

    public string DocumentsUrl => $"/api/v1/workspaces/{WorkspaceId}/documents";

    public string DocumentReport(string format) => $"/api/v1/documents/{DocumentId}/report?format={format}";

    public string WorkspaceReport(string format) => $"/api/v1/workspaces/{WorkspaceId}/report?format={format}";

    /// <summary>
    /// Imports <see cref="Article"/> and reviews it: a claim resolved "mostly-false" over a minority vote, a claim in
    /// consensus "true", a disputed claim with a formula and hostile markup, a source, replies.
    /// </summary>
    public static async Task<ReportTeam> CreateAsync(ReportsApiFactory factory)
    {
        var workspaceId = await factory.CreateWorkspaceAsync("Reports desk <b>");
        var admin = await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Admin, "Ada Admin");
        var moderator = await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Moderator, "Mo Moderator");
        var reviewer = await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Rita Reviewer");
        var second = await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Reviewer, "Rob <img src=x onerror=alert(1)>");
        var viewer = await factory.CreateMemberAsync(workspaceId, WorkspaceRole.Viewer, "Vic Viewer");

        var created = await reviewer.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/documents",
            new { title = "Budget speech 🚀", content = Article, format = "text", sourceUrl = "https://news.example/budget" });
        var documentId = created["id"]!.GetValue<string>();
        var team = new ReportTeam(workspaceId, admin, moderator, reviewer, second, viewer, documentId);

        var ok = System.Net.HttpStatusCode.OK;
        var crime = await team.ClaimAsync("crime fell 20% last year", "Check **police** data. [x](javascript:alert(1)) <script>alert(1)</script>", "c-crime");
        await reviewer.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"{crime}/sources",
            new { title = "Police report <img src=x onerror=alert(1)>", stance = "refutes", url = "https://police.example/2024", quote = "Crime rose 4%." });
        await reviewer.Api.ExpectAsync(ok, HttpMethod.Put, $"{crime}/votes/me", new { verdict = "false", rationale = "Police data says +4%." });
        await second.Api.ExpectAsync(ok, HttpMethod.Put, $"{crime}/votes/me", new { verdict = "mostly-false", rationale = "Misleading." });
        await second.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"{crime}/replies", new { body = "Agreed <img src=x onerror=alert(1)> 🧐" });
        await moderator.Api.ExpectAsync(ok, HttpMethod.Post, $"{crime}/resolution", new { verdict = "mostly-false", rationale = "Crime rose 4% per the police report." });
        // published: the ClaimReview export lists published claims only
        await moderator.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"{crime}/publication", new { headline = "Crime did not fall 20% last year", summary = "Police figures show a 4% rise." });

        var visitors = await team.ClaimAsync("東京 visitors rose", "", "c-visitors");
        await reviewer.Api.ExpectAsync(ok, HttpMethod.Put, $"{visitors}/votes/me", new { verdict = "true", rationale = "Tourism office figures." });
        await second.Api.ExpectAsync(ok, HttpMethod.Put, $"{visitors}/votes/me", new { verdict = "true", rationale = "Agreed." });

        var taxes = await team.ClaimAsync("=HYPERLINK(\"http://evil.example\") taxes fell", "=1+1", "c-taxes");
        await reviewer.Api.ExpectAsync(ok, HttpMethod.Put, $"{taxes}/votes/me", new { verdict = "true", rationale = "The budget says so." });
        await second.Api.ExpectAsync(ok, HttpMethod.Put, $"{taxes}/votes/me", new { verdict = "false", rationale = "Rates rose in March." });
        return team;
    }

    private async Task<string> ClaimAsync(string exact, string body, string id)
    {
        await Reviewer.Api.ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/documents/{DocumentId}/annotations",
            new { id, kind = "claim", target = new { exact }, body, tags = new[] { "@risk", "budget" } });
        return $"/api/v1/documents/{DocumentId}/annotations/{id}";
    }
}
