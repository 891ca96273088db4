namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// One cluster (one silo, default options, a clock that does not move) shared by every test that restarts nothing,
/// so the suite starts a cluster once instead of once per test. Tests on it use fresh ids (<see cref="Fresh"/>) and
/// never assume they are alone: they do not count all activations, all workspaces, or move the clock.
/// </summary>
public sealed class SharedCluster : IAsyncLifetime
{
    private GrainHost? _host;

    public GrainHost Host => _host ?? throw new InvalidOperationException("The shared cluster has not started.");

    public async Task InitializeAsync() => _host = await GrainHost.StartSharedAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>The tests that share <see cref="SharedCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedCluster>
{
    public const string Name = "Shared cluster";
}

/// <summary>Ids no other test in this process uses (the shared cluster's database outlives each test).</summary>
public static class Fresh
{
    private static int _next;

    public static string Id(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next)}";
}
