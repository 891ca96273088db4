using System.Collections.Concurrent;
using System.Net.Http.Headers;
using AnnotateHub.Accounts;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>
/// The real web app (Program) over the real HTTP pipeline, on a real SQLite file in a fresh temp folder, without the
/// demo seed. Users, workspaces, memberships and tokens are made with the same services the admin CLI uses.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The request body limit the tests run with (small, so the 413 test sends little).</summary>
    public const long MaxRequestBytes = 256 * 1024;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("annotatehub-web-");
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _shared = new(StringComparer.Ordinal);
    private int _users;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataFolder", _folder.FullName);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next());
        builder.UseSetting("Cluster:GatewayPort", FreePorts.Next());
        builder.UseSetting("Api:MaxRequestBytes", MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingPathsFilter>());
    }

    /// <summary>Paths that fail with an unhandled exception, in this test host only (no route of the app has them).</summary>
    public static readonly string[] FailingPaths = ["/api/v1/test-failure", "/test-failure"];

    /// <summary>
    /// Gives requests for <see cref="FailingPaths"/> (any method) an endpoint that throws, before the app's routing runs
    /// (routing keeps an endpoint already chosen), so the exception travels back through the app's own middleware and
    /// its exception handler exactly as a failing route's would.
    /// </summary>
    private sealed class FailingPathsFilter : IStartupFilter
    {
        private static readonly Endpoint Failing = new(
            _ => throw new InvalidOperationException("A failure no handler expects (test host)."),
            EndpointMetadataCollection.Empty,
            "Test failure");

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (FailingPaths.Contains(context.Request.Path.Value, StringComparer.OrdinalIgnoreCase))
                {
                    context.SetEndpoint(Failing);
                }

                return following(context);
            });
            next(app);
        };
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client that sends <paramref name="token"/> as a bearer token.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a workspace as <c>admin create-workspace</c> does; returns its id.</summary>
    public async Task<string> CreateWorkspaceAsync(string name)
    {
        var id = $"ws-{Guid.NewGuid():N}"[..15];
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(id, name, "admin-cli");
        return id;
    }

    /// <summary>
    /// Creates a user (<c>admin create-user</c>), gives them <paramref name="role"/> in <paramref name="workspaceId"/>
    /// (<c>admin add-member</c>) and issues a token (<c>admin issue-token</c>).
    /// </summary>
    public async Task<Member> CreateMemberAsync(string workspaceId, WorkspaceRole role, string? name = null)
    {
        var n = Interlocked.Increment(ref _users);
        name ??= $"{role} {n}";
        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var created = await sp.GetRequiredService<AccountService>().CreateUserAsync($"user{n}-{Guid.NewGuid():N}@example.org", name, password: null);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        var user = created.Value!.User;
        await sp.GetRequiredService<MembershipService>().SetRoleAsync(workspaceId, user.Id, role);
        var token = await sp.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, "tests", expiresAt: null);
        return new Member(user.Id, name, role, new ApiClient(WithToken(token.Secret)));
    }

    /// <summary>Builds something once per test run and shares it between the tests that ask for it by <paramref name="key"/>.</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create)
        where T : class =>
        (T)await _shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create())).Value;

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

/// <summary>A workspace member with a client that calls the API with their token.</summary>
public sealed record Member(string Id, string Name, WorkspaceRole Role, ApiClient Api);

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
