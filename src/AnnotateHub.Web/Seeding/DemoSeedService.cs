namespace AnnotateHub.Web.Seeding;

/// <summary>
/// Seeds the demo workspace on first run. A hosted service registered after the silo, so it starts once the silo has
/// started (grains are reachable only then) and before the app reports that it is ready.
/// </summary>
public sealed class DemoSeedService(DemoSeeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => seeder.SeedIfEmptyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
