using System.Net;
using AnnotateHub.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests.Infrastructure;

/// <summary>
/// The real app (real pipeline, SQLite in a fresh temp folder, no demo seed) as it runs behind a TLS-terminating proxy:
/// the proxy is <see cref="ProxyAddress"/> (<c>Proxy:KnownProxies</c>) or any address in <see cref="ProxyNetwork"/>
/// (<c>Proxy:KnownNetworks</c>), and the limits are small so that tests reach them in a few requests.
/// </summary>
public class ProxyFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ProxyAddress = "10.0.0.5";
    public const string ProxyNetwork = "192.168.50.0/24";

    /// <summary>The name the public reaches the site by (the proxy passes it on as Host): not localhost, which HSTS leaves out.</summary>
    public const string PublicHost = "annotate.example.org";

    public const int SignInAttemptsPerMinute = 3;
    public const int ApiRequestsPerMinute = 5;
    public const int FailedAuthPerMinute = 4;

    public const string Email = "proxied@example.org";
    public const string Password = "Behind-The-Proxy-2026";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("annotatehub-proxy-");
    private readonly KeyValuePair<string, string>[] _settings;

    public ProxyFactory()
        : this([])
    {
    }

    /// <summary>The same app with <paramref name="settings"/> set over the ones above.</summary>
    protected ProxyFactory(KeyValuePair<string, string>[] settings) => _settings = settings;

    public string UserId { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(Email, "Pat Proxied", Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        UserId = created.Value!.User.Id;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>
    /// A client whose requests arrive from <paramref name="peer"/>: the test server has no socket, so this sets the
    /// connection's remote address as Kestrel does from the TCP peer. <paramref name="authorization"/> becomes the
    /// Authorization header exactly as given (HttpClient would rewrite its spelling). The client neither follows
    /// redirects nor keeps cookies: the tests send and read them as a browser would.
    /// </summary>
    public HttpClient Through(string peer, string? authorization = null)
    {
        var address = IPAddress.Parse(peer);
        return new HttpClient(Server.CreateHandler(context =>
        {
            context.Connection.RemoteIpAddress = address;
            context.Connection.RemotePort = 40000;
            if (authorization is not null)
            {
                context.Request.Headers.Authorization = authorization;
            }
        }));
    }

    /// <summary>A new API token of the test account.</summary>
    public async Task<string> IssueTokenAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(UserId, "proxy tests", expiresAt: null);
        return issued.Secret;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataFolder", _folder.FullName);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next());
        builder.UseSetting("Cluster:GatewayPort", FreePorts.Next());
        builder.UseSetting("Proxy:KnownProxies:0", ProxyAddress);
        builder.UseSetting("Proxy:KnownNetworks:0", ProxyNetwork);
        builder.UseSetting("Security:SignInAttemptsPerMinute", SignInAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Security:ApiRequestsPerMinute", ApiRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Security:FailedAuthPerMinute", FailedAuthPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
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
}

/// <summary>The app of <see cref="ProxyFactory"/> with one setting changed (to start it with a bad one).</summary>
public sealed class ProxyFactoryWithSetting(string key, string value) : ProxyFactory([new(key, value)]);
