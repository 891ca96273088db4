using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Web.Security;
using AnnotateHub.Web.Services;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>
/// The real app with one site admin (<see cref="SiteAdminEmail"/>) and one ordinary account, both with a password (for
/// the sign-in cookie) and an API token. Without the demo seed, on a fresh SQLite file and free cluster ports.
/// </summary>
public class OperationsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SiteAdminEmail = "ops-admin@example.org";
    public const string ReaderEmail = "reader@example.org";
    public const string Password = "Operations-Test-2026";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("annotatehub-ops-");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _signedIn = new(StringComparer.Ordinal);

    public string SiloPort { get; } = FreePorts.Next();

    public string AdminToken { get; private set; } = null!;

    public string ReaderToken { get; private set; } = null!;

    public string ReaderId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (_, AdminToken) = await CreateUserAsync(SiteAdminEmail, "Opal Admin");
        (ReaderId, ReaderToken) = await CreateUserAsync(ReaderEmail, "Rita Reader");
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client signed in through the sign-in form, as a browser is (cookie, antiforgery token); one per account, shared
    /// by the tests (sign-in is rate limited).
    /// </summary>
    public Task<HttpClient> SignedInAsync(string email) =>
        _signedIn.GetOrAdd(email, e => new Lazy<Task<HttpClient>>(() => SignInAsync(e))).Value;

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/signin");
        var token = Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in form has an antiforgery token");
        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["password"] = Password,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(response.Headers.Location?.OriginalString == "/", $"signing in as {email} went to {response.Headers.Location}");
        return client;
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

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataFolder", _folder.FullName);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Cluster:SiloPort", SiloPort);
        builder.UseSetting("Cluster:GatewayPort", FreePorts.Next());
        builder.UseSetting(SiteAdmins.Setting, SiteAdminEmail);
        // serve the framework's and the components' static assets from the build output, as a published app does
        builder.UseStaticWebAssets();
    }

    private async Task<(string Id, string Token)> CreateUserAsync(string email, string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(email, name, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(created.Value!.User.Id, "tests", expiresAt: null);
        return (created.Value.User.Id, token.Secret);
    }
}

/// <summary>The same app with <c>Metrics:AllowAnonymous=true</c>.</summary>
public sealed class OpenMetricsFactory : OperationsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(OperationsAccess.MetricsAllowAnonymousSetting, "true");
    }
}

/// <summary>The Orleans dashboard, <c>/metrics</c> and the health endpoints: who gets what.</summary>
public sealed class OperationsEndpointTests(OperationsFactory app) : IClassFixture<OperationsFactory>
{
    /// <summary>Every kind of route the dashboard maps: its page, scripts, styles, fonts, images and JSON API.</summary>
    public static readonly TheoryData<string> DashboardRoutes = new()
    {
        "/dashboard", "/dashboard/", "/dashboard/index.html", "/dashboard/index.min.js", "/dashboard/index.css", "/dashboard/favicon.ico",
        "/dashboard/fonts/fa-solid-900.woff2", "/dashboard/img/OrleansLogo.png", "/dashboard/version", "/dashboard/DashboardCounters",
        "/dashboard/ClusterStats", "/dashboard/GrainTypes", "/dashboard/TopGrainMethods", "/dashboard/Reminders", "/dashboard/LifecycleStages",
        "/dashboard/SiloStats/127.0.0.1:11111@1", "/dashboard/GrainStats/AnnotateHub.Grains.DocumentGrain", "/dashboard/GrainState?grainId=x&grainType=y",
        "/dashboard/HistoricalStats/127.0.0.1:11111@1", "/dashboard/Trace",
    };

    [Theory]
    [MemberData(nameof(DashboardRoutes))]
    public async Task GivenNoSignIn_WhenRequestingAnyDashboardRoute_ThenTheSignInPageIsNext(string route)
    {
        using var response = await app.Anonymous().GetAsync(route);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/signin", location.AbsolutePath);
        Assert.Equal("?ReturnUrl=" + route, Uri.UnescapeDataString(location.Query));
    }

    [Theory]
    [MemberData(nameof(DashboardRoutes))]
    public async Task GivenASignedInReaderWhoIsNoSiteAdmin_WhenRequestingAnyDashboardRoute_ThenThereIsNothingThere(string route)
    {
        var reader = await app.SignedInAsync(OperationsFactory.ReaderEmail);

        using var response = await reader.GetAsync(route);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Orleans", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GivenAnApiTokenOfSomeoneWhoIsNoSiteAdmin_WhenCallingTheDashboardApi_ThenThereIsNothingThere()
    {
        using var response = await app.WithToken(app.ReaderToken).GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GivenASignedInSiteAdmin_WhenOpeningTheDashboard_ThenItLoadsAndItsDataListsThisSilo()
    {
        var admin = await app.SignedInAsync(OperationsFactory.SiteAdminEmail);

        using (var page = await admin.GetAsync("/dashboard/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("index.min.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var script = await admin.GetAsync("/dashboard/index.min.js"))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        // the dashboard grain samples the cluster once a second: wait for its first sample
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonArray hosts;
        while (true)
        {
            using var response = await admin.GetAsync("/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            hosts = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["hosts"]!.AsArray();
            if (hosts.Count > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the dashboard listed no silo within 30 s");
            await Task.Delay(200);
        }

        var silo = Assert.Single(hosts)!;
        Assert.Contains($":{app.SiloPort}@", silo["siloAddress"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Active", silo["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenNoCredentialsFromAnotherMachine_WhenScrapingMetrics_ThenUnauthorizedWithoutARedirect()
    {
        using var response = await app.Anonymous().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task GivenATokenOfSomeoneWhoIsNoSiteAdmin_WhenScrapingMetrics_ThenThereIsNothingThere()
    {
        using var response = await app.WithToken(app.ReaderToken).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GivenACommittedChange_WhenASiteAdminScrapesMetrics_ThenOrleansAspNetCoreAndCommitMetricsAreThere()
    {
        var documentId = await CommitADocumentAsync();
        var admin = app.WithToken(app.AdminToken);

        // a page has the document open when the next change commits: the change is fanned out to it
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await app.Services.GetRequiredService<DocumentSubscriptions>().SubscribeAsync(documentId, change =>
        {
            delivered.TrySetResult();
            return Task.CompletedTask;
        });
        await new ApiClient(app.WithToken(app.ReaderToken)).ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
            $"/api/v1/documents/{documentId}/annotations", new { kind = "claim", target = new { exact = "fell to 3.1 percent" } });
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // the exporter caches a scrape briefly: scrape until the commit shows (or fail saying what was missing)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string text;
        while (true)
        {
            using var response = await admin.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync();
            if (Regex.IsMatch(text, "^annotatehub_document_commits_total\\{[^}]*outcome=\"committed\"[^}]*\\} [1-9]", RegexOptions.Multiline))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no committed commit in /metrics 15 s after committing {documentId}:\n{text}");
            await Task.Delay(200);
        }

        Assert.Matches(new Regex("^orleans_", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^http_server_request_duration_seconds_bucket\\{", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^kestrel_|^aspnetcore_", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^annotatehub_document_commit_duration_seconds_count\\{[^}]*\\} [1-9]", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^annotatehub_store_duration_seconds_count\\{[^}]*operation=\"append\"", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^annotatehub_fanout_duration_seconds_count\\{[^}]*\\} [1-9]|^annotatehub_fanout_duration_seconds_count [1-9]", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^annotatehub_live_sessions(\\{[^}]*\\})? [1-9]", RegexOptions.Multiline), text);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/healthz")]
    public async Task GivenARunningNode_WhenCheckingHealthWithoutSignIn_ThenHealthy(string route)
    {
        using var response = await app.Anonymous().GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GivenAnyPage_WhenItLoads_ThenItGetsDotNet10BlazorScriptAndTheReconnectDialogThatListensToIt()
    {
        var client = app.Anonymous();

        using var script = await client.GetAsync("/_framework/blazor.web.js");
        Assert.True(script.StatusCode == HttpStatusCode.OK, $"GET /_framework/blazor.web.js: {(int)script.StatusCode}");
        var js = await script.Content.ReadAsStringAsync();
        // .NET 10's script raises this event for a custom reconnect dialog and can resume a paused circuit; .NET 9's could not
        Assert.Contains("components-reconnect-state-changed", js, StringComparison.Ordinal);
        Assert.Contains("resumeCircuit", js, StringComparison.Ordinal);

        var page = await client.GetStringAsync("/signin");
        Assert.Contains("<dialog id=\"components-reconnect-modal\"", page, StringComparison.Ordinal);
        var module = Regex.Match(page, "<script type=\"module\" src=\"([^\"]*ReconnectModal[^\"]*\\.js)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(module), "the page loads the reconnect dialog's script module");
        var moduleJs = await client.GetStringAsync("/" + module);
        Assert.Contains("components-reconnect-state-changed", moduleJs, StringComparison.Ordinal);
        Assert.Contains("location.reload()", moduleJs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", null, true)]
    [InlineData("::1", null, true)]
    [InlineData("127.0.0.1", "X-Forwarded-For", false)]
    [InlineData("127.0.0.1", "Forwarded", false)]
    [InlineData("10.0.0.7", null, false)]
    public void GivenARequest_WhenDecidingWhetherItIsLocal_ThenOnlyLoopbackNotForwardedCounts(string remote, string? forwardingHeader, bool local)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardingHeader is not null)
        {
            context.Request.Headers[forwardingHeader] = "for=203.0.113.9";
        }

        Assert.Equal(local, OperationsAccess.IsLocal(context));
    }

    private async Task<string> CommitADocumentAsync()
    {
        var workspaceId = $"ws-{Guid.NewGuid():N}"[..15];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(workspaceId, "Ops desk", "admin-cli");
            await scope.ServiceProvider.GetRequiredService<MembershipService>().SetRoleAsync(workspaceId, app.ReaderId, WorkspaceRole.Reviewer);
        }

        var reader = new ApiClient(app.WithToken(app.ReaderToken));
        var created = await reader.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/documents",
            new { title = "Metrics", content = "Unemployment fell to 3.1 percent last year." });
        return created["id"]!.GetValue<string>();
    }
}

/// <summary><c>Metrics:AllowAnonymous=true</c>: a scraper needs no credentials.</summary>
public sealed class OpenMetricsTests(OpenMetricsFactory app) : IClassFixture<OpenMetricsFactory>
{
    [Fact]
    public async Task GivenMetricsAllowAnonymous_WhenScrapingWithoutCredentials_ThenTheMetricsAreServed()
    {
        using var response = await app.Anonymous().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(new Regex("^orleans_", RegexOptions.Multiline), await response.Content.ReadAsStringAsync());
    }
}
