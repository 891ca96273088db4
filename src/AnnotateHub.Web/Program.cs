using AnnotateHub.Grains;
using AnnotateHub.Web.Components;
using AnnotateHub.Web.Hosting;
using AnnotateHub.Web.Seeding;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Radzen;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAnnotateHubStorage(builder.Configuration, builder.Environment);
builder.Services.AddAnnotateHubGrains(
    runtime => builder.Configuration.GetSection("Runtime").Bind(runtime),
    documents => builder.Configuration.GetSection("Documents").Bind(documents));
builder.Services.AddAnnotateHubWeb();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddRadzenComponents();
builder.Services.AddHealthChecks();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(app.Lifetime.ApplicationStopping);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    var storage = app.Services.GetRequiredService<StorageDescription>();
    foreach (var address in addresses)
    {
        Console.WriteLine($"AnnotateHub is ready at {address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal)}");
    }

    Console.WriteLine($"Storage: {storage}");
});

await app.RunAsync();

/// <summary>The web host's entry point (public for WebApplicationFactory-based tests).</summary>
public partial class Program;
