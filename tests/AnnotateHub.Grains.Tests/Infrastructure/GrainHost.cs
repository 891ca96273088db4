using AnnotateHub.Domain;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// AnnotateHub's grains on a real Orleans cluster in this process (<see cref="InProcessTestCluster"/>: one or more
/// silos and a cluster client, over the in-memory transport) over a real SQLite database file in a fresh temporary
/// folder (deleted on dispose). Every silo registers the same <see cref="SqliteEventStore"/> (through a
/// <see cref="RecordingEventStore"/>) and the same <see cref="ManualClock"/>. It can restart the cluster alone, or the
/// cluster and the store together (the same file reopened), and start another, independent cluster ("node") over the
/// same store.
/// </summary>
public sealed class GrainHost : IAsyncDisposable
{
    private readonly HostOptions _options;
    private readonly List<InProcessTestCluster> _nodes = [];
    private SqliteEventStore? _store;
    private InProcessTestCluster? _cluster;

    private GrainHost(HostOptions options, string? databasePath)
    {
        _options = options;
        Folder = Path.Combine(Path.GetTempPath(), "annotatehub-grains-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "annotatehub.db");
        if (databasePath is not null)
        {
            File.Copy(databasePath, DatabasePath);
        }

        Clock = new ManualClock(canAdvance: !options.Shared);
    }

    /// <summary>The temporary folder that holds the database.</summary>
    public string Folder { get; }

    public string DatabasePath { get; }

    /// <summary>
    /// The clock of the grains (event timestamps, subscription and presence expiry). Orleans's own timers and
    /// background loops stay on real time. The shared host's clock cannot be moved: a test that moves time starts its own host.
    /// </summary>
    public ManualClock Clock { get; }

    /// <summary>The open SQLite store (a new instance after <see cref="RestartAsync"/>).</summary>
    public SqliteEventStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <summary>The event store as the grains see it, recording their reads (a new instance after each restart).</summary>
    public RecordingEventStore GrainStore { get; private set; } = null!;

    /// <summary>The running cluster (a new one after each restart).</summary>
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not running.");

    /// <summary>The cluster client (it calls the silos through their gateways).</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The grain factory the tests call through: the cluster client's.</summary>
    public IGrainFactory Grains => Client;

    /// <summary>Opens a store on a new database file (or on a copy of <paramref name="databasePath"/>) and starts a cluster over it.</summary>
    /// <param name="configureDocuments">The document grains' options.</param>
    /// <param name="silos">How many silos the cluster starts with.</param>
    /// <param name="fastFailureDetection">Probe silos every second and declare a silo dead after one missed probe (for tests that kill a silo).</param>
    /// <param name="databasePath">A database file to start from (copied; the original is never opened).</param>
    public static Task<GrainHost> StartAsync(
        Action<DocumentGrainOptions>? configureDocuments = null,
        short silos = 1,
        bool fastFailureDetection = false,
        string? databasePath = null) =>
        StartAsync(new HostOptions(configureDocuments, silos, fastFailureDetection, Shared: false), databasePath);

    /// <summary>The host that tests which restart nothing share (<see cref="SharedCluster"/>): one silo, default options, a clock that does not move.</summary>
    internal static Task<GrainHost> StartSharedAsync() => StartAsync(new HostOptions(null, 1, false, Shared: true), null);

    private static async Task<GrainHost> StartAsync(HostOptions options, string? databasePath)
    {
        var host = new GrainHost(options, databasePath);
        try
        {
            await host.OpenStoreAsync();
            host._cluster = await host.StartClusterAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public IDocumentGrain Document(string documentId) => Grains.GetGrain<IDocumentGrain>(documentId);

    public IWorkspaceGrain Workspace(string workspaceId) => Grains.GetGrain<IWorkspaceGrain>(workspaceId);

    public IWorkspaceDirectoryGrain Directory => Grains.GetGrain<IWorkspaceDirectoryGrain>(IWorkspaceDirectoryGrain.DefaultKey);

    /// <summary>The silos now running, in start order.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    /// <summary>The grain factory of one silo: calls made through it leave from that silo.</summary>
    public IGrainFactory SiloGrains(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<IGrainFactory>();

    /// <summary>The current activation of <paramref name="grain"/> in this cluster, or null when it has none.</summary>
    public IGrainContext? ActivationOf(IAddressable grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context : null;

    /// <summary>The silo that holds the current activation of <paramref name="grain"/>.</summary>
    public InProcessSiloHandle SiloOf(IAddressable grain)
    {
        var activation = ActivationOf(grain) ?? throw new InvalidOperationException($"{grain.GetGrainId()} has no activation.");
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(activation.Address.SiloAddress));
    }

    /// <summary>Deactivates the current activation of <paramref name="grain"/> (as idle collection would) and waits until it has finished.</summary>
    public Task DeactivateAsync(IAddressable grain) => Cluster.DeactivateAsync(grain);

    /// <summary>
    /// Asks every silo to collect its idle activations now (Orleans's activation collector, as it runs when activations
    /// pass their collection age) and waits until each of <paramref name="grains"/> has finished deactivating.
    /// </summary>
    public async Task CollectIdleActivationsAsync(params IAddressable[] grains)
    {
        var deactivated = grains.Select(g => Cluster.WaitForDeactivationAsync(g)).ToArray();
        await Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Task.WhenAll(deactivated).WithTimeout($"{grains.Length} activation(s) to be collected");
    }

    /// <summary>The grains of a type that have an activation anywhere in the cluster.</summary>
    public async Task<IReadOnlyList<GrainId>> ActiveGrainsAsync(string grainType) =>
        await Client.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create(grainType));

    /// <summary>The document's stream version as the store has it.</summary>
    public Task<long> StreamVersionAsync(string documentId) => Store.GetVersionAsync(DocumentStreams.StreamId(documentId));

    /// <summary>The document's events as the store has them.</summary>
    public async Task<IReadOnlyList<DocumentEvent>> StoredEventsAsync(string documentId) =>
        [.. (await Store.ReadAsync(DocumentStreams.StreamId(documentId))).Select(DocumentStreams.FromStored)];

    /// <summary>The document as a full replay of its stored events gives it (no snapshot).</summary>
    public async Task<DocumentState> ReplayAsync(string documentId) => DocumentDecider.Fold(await StoredEventsAsync(documentId));

    /// <summary>
    /// Another cluster ("node") over the same store, with its own activations: as if two deployments (or a silo that
    /// does not yet know it was declared dead) wrote to one database. Returns its client; stopped with the host.
    /// </summary>
    public async Task<IClusterClient> StartNodeAsync()
    {
        var node = await StartClusterAsync();
        _nodes.Add(node);
        return node.Client;
    }

    /// <summary>The current activation of <paramref name="grain"/> in the node whose client is <paramref name="node"/>, or null.</summary>
    public IGrainContext? ActivationOn(IClusterClient node, IAddressable grain)
    {
        var cluster = _nodes.Single(n => ReferenceEquals(n.Client, node));
        return cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context : null;
    }

    /// <summary>Stops every silo gracefully (each activation deactivates), then starts a new cluster over the same store.</summary>
    public async Task RestartRuntimeAsync()
    {
        RequireOwnHost();
        await StopClustersAsync();
        _cluster = await StartClusterAsync();
    }

    /// <summary>Stops the cluster and closes the store, then reopens the same database file and starts a new cluster.</summary>
    public async Task RestartAsync()
    {
        RequireOwnHost();
        await StopClustersAsync();
        await Store.DisposeAsync();
        _store = null;
        await OpenStoreAsync();
        _cluster = await StartClusterAsync();
    }

    /// <summary>
    /// Copies the database file and its write-ahead log as they are on disk right now and opens a fresh store on
    /// the copy: what a new process would find if this one died at this instant. Dispose it; the copy stays in
    /// <see cref="Folder"/> until the host is disposed.
    /// </summary>
    public async Task<SqliteEventStore> OpenDiskImageAsync()
    {
        var image = Path.Combine(Folder, "image-" + Guid.NewGuid().ToString("N"), "annotatehub.db");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        File.Copy(DatabasePath, image);
        if (File.Exists(DatabasePath + "-wal"))
        {
            File.Copy(DatabasePath + "-wal", image + "-wal");
        }

        return await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = image });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopClustersAsync();
        }
        finally
        {
            try
            {
                if (_store is not null)
                {
                    await _store.DisposeAsync();
                    _store = null;
                }
            }
            finally
            {
                if (System.IO.Directory.Exists(Folder))
                {
                    System.IO.Directory.Delete(Folder, recursive: true);
                }
            }
        }
    }

    private void RequireOwnHost()
    {
        if (_options.Shared)
        {
            throw new InvalidOperationException("The shared cluster cannot be restarted: a test that restarts starts its own host (GrainHost.StartAsync).");
        }
    }

    private async Task OpenStoreAsync()
    {
        _store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = DatabasePath });
        GrainStore = new RecordingEventStore(_store);
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var store = Store;
        var grainStore = GrainStore;
        var clock = Clock;
        var options = _options;
        var builder = new InProcessTestClusterBuilder(options.Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            // The grains read the manual clock; every Orleans area (messaging, membership, activation collection,
            // directory) keeps real time, so moving the clock never fires or starves the runtime's own timers.
            silo.Services.AddSingleton<TimeProvider>(clock);
            silo.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, TimeProvider.System);
            silo.Services.AddSingleton<IEventStore>(grainStore);
            silo.Services.AddSingleton<IGrainStateStore>(store);
            silo.AddAnnotateHubGrains(options.ConfigureDocuments);
            if (options.FastFailureDetection)
            {
                silo.Services.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.MaxProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 1;
                });
            }
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddAnnotateHubSerialization()));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StopClustersAsync()
    {
        foreach (var node in _nodes)
        {
            await StopAsync(node);
        }

        _nodes.Clear();
        if (_cluster is not null)
        {
            await StopAsync(_cluster);
            _cluster = null;
        }
    }

    private static async Task StopAsync(InProcessTestCluster cluster)
    {
        try
        {
            // The client first, so that no silo waits on a client connection while it shuts down.
            await cluster.StopClusterClientAsync();
            await cluster.StopAllSilosAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private sealed record HostOptions(Action<DocumentGrainOptions>? ConfigureDocuments, short Silos, bool FastFailureDetection, bool Shared);
}
