using AnnotateHub.Accounts;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Web.Admin;
using AnnotateHub.Web.Api;
using AnnotateHub.Web.Components;
using AnnotateHub.Web.Hosting;
using AnnotateHub.Web.Security;
using AnnotateHub.Web.Seeding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MudBlazor;
using MudBlazor.Services;

// `AnnotateHub.Web admin <command>` runs an admin command against the same configuration and database: through the
// running server when there is one, else on a private silo over the same store.
if (args.Length > 0 && args[0] == "admin")
{
    return await AdminHost.RunAsync(args[1..], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// The store and the cluster settings are checked before anything starts: a wrong setting, or a PostgreSQL that cannot be
// reached, ends the process at once with a message that names the setting to fix.
StorageDescription storage;
ClusterSettings cluster;
IEventStore store;
try
{
    storage = StorageRegistration.Describe(builder.Configuration, builder.Environment);
    cluster = ClusterSettings.From(builder.Configuration, storage);
    store = await StorageRegistration.OpenAsync(storage);
}
catch (InvalidOperationException invalid)
{
    await Console.Error.WriteLineAsync($"AnnotateHub cannot start: {invalid.Message}");
    return 1;
}

builder.Services.AddAnnotateHubEventStore(storage, store);
builder.Services.AddAnnotateHubApplication(storage, builder.Configuration);
builder.AddAnnotateHubSilo(storage);
builder.Services.AddAnnotateHubWebhooks(builder.Configuration); // after the silo: its wake-up service calls grains
builder.Services.AddAnnotateHubAuditSealing(); // after the silo: it calls grains
builder.Services.AddAnnotateHubAuth(builder.Configuration);
builder.Services.AddAnnotateHubApi();
builder.Services.AddRazorComponents().AddInteractiveServerComponents().AddAnnotateHubFieldLimits(builder.Configuration);
builder.Services.AddMudServices(mud =>
{
    mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
    mud.SnackbarConfiguration.VisibleStateDuration = 6000;
    mud.SnackbarConfiguration.PreventDuplicates = false;
});
builder.Services.AddHealthChecks();
builder.AddAnnotateHubOperations(); // dashboard, /metrics, /health/*, quiet log defaults (after the store and the silo)
builder.Services.AddHostedService<DemoSeedService>(); // after the silo: it starts once grains are reachable
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Api:MaxRequestBytes", 8L * 1024 * 1024));

var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<AccountsDatabase>().MigrateAsync();
}

app.UseAnnotateHubForwardedHeaders(); // first: the client's address and scheme from the trusted proxies (Proxy:*)
if (!app.Environment.IsDevelopment())
{
    app.UseAnnotateHubErrorHandler(); // 500: a problem with a code and a trace id for the API, a plain page otherwise
    app.UseHsts();
}

app.UseAnnotateHubSecurityHeaders();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapAnnotateHubOperations();
app.MapAnnotateHubApi();
app.MapAccountEndpoints();
app.MapPublicEndpoints(); // /c/{slug}, /p/{workspace}: published claims, for anyone
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses)
    {
        Console.WriteLine($"AnnotateHub is ready at {address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal)}");
    }

    Console.WriteLine($"Storage: {storage}");
    Console.WriteLine(cluster.IsPostgres
        ? $"Cluster: postgres, cluster '{cluster.ClusterId}' (this node: {cluster.AdvertisedAddress?.ToString() ?? "host address"}, silo port {cluster.SiloPort}, gateway port {cluster.GatewayPort})"
        : $"Cluster: {cluster.Provider} (silo port {cluster.SiloPort}, gateway port {cluster.GatewayPort})");

    // On the first run, the demo sign-ins: one block after the start-up lines (the seed ran before the server started).
    Console.Write(DemoSeeder.FormatCredentials(app.Services.GetRequiredService<DemoSeeder>().Credentials));
});

await app.RunAsync();
return 0;

/// <summary>The web host's entry point (public for WebApplicationFactory-based tests).</summary>
public partial class Program;
