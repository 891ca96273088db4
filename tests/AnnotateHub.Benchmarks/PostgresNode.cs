using System.Globalization;
using AnnotateHub.Grains;
using AnnotateHub.Storage.Postgres;
using AnnotateHub.Web.Hosting;
using AnnotateHub.Web.Services;
using Orleans.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// An Orleans silo in this process over its own <see cref="PostgresEventStore"/> (its own connection pool), with the
/// node's one <see cref="DocumentSubscriptions"/>, as a web node has them. Either alone (localhost clustering), or one
/// node of a cluster on the database (the web app's own <see cref="ClusterRegistration.AddAnnotateHubSilo"/> with
/// <c>Cluster:Provider=postgres</c>: ADO.NET clustering, its own silo and gateway ports on 127.0.0.1, real TCP to the
/// other silos, the app's failure-detection settings).
/// </summary>
public sealed class PostgresNode : ILiveNode, IAsyncDisposable
{
    private PostgresNode(PostgresEventStore store, IHost host)
    {
        Store = store;
        Host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Subscriptions = host.Services.GetRequiredService<DocumentSubscriptions>();
        Address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    public PostgresEventStore Store { get; }

    public IHost Host { get; }

    public IGrainFactory Grains { get; }

    public DocumentSubscriptions Subscriptions { get; }

    public SiloAddress Address { get; }

    /// <summary>One silo on its own (localhost clustering on free ports) over the database.</summary>
    public static async Task<PostgresNode> StartAloneAsync(string connectionString)
    {
        var store = await PostgresEventStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString });
        var builder = DocumentHost.SiloBuilder(store);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(DocumentHost.FreePort(), DocumentHost.FreePort(), null, "bench-" + Guid.NewGuid().ToString("N")[..8], "bench")
            .AddAnnotateHubGrains());
        return await StartAsync(store, builder);
    }

    /// <summary>A node of cluster <paramref name="clusterId"/> on the database, configured as the web app configures a node.</summary>
    public static async Task<PostgresNode> StartClusterNodeAsync(string connectionString, string clusterId)
    {
        var store = await PostgresEventStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString });
        var builder = DocumentHost.SiloBuilder(store, ClusterSettings(connectionString, clusterId));
        builder.AddAnnotateHubSilo(new StorageDescription(StorageRegistration.Postgres, "benchmark", connectionString));
        return await StartAsync(store, builder);
    }

    /// <summary>The <c>Cluster:*</c> settings of one node (free ports; the other settings at the app's defaults).</summary>
    public static Dictionary<string, string?> ClusterSettings(string connectionString, string clusterId) => new()
    {
        ["Storage:Provider"] = StorageRegistration.Postgres,
        ["ConnectionStrings:AnnotateHub"] = connectionString,
        ["Cluster:Provider"] = "postgres",
        ["Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Cluster:SiloPort"] = DocumentHost.FreePort().ToString(CultureInfo.InvariantCulture),
        ["Cluster:GatewayPort"] = DocumentHost.FreePort().ToString(CultureInfo.InvariantCulture),
        ["Cluster:ClusterId"] = clusterId,
    };

    public IDocumentGrain Document(string documentId) => Grains.GetGrain<IDocumentGrain>(documentId);

    public DocumentFeed NewFeed() => new(Grains, Subscriptions, NullLogger<DocumentFeed>.Instance);

    /// <summary>Calls the document's grain through this node with a placement hint, so that a new activation is placed on this silo.</summary>
    public async Task ActivateHereAsync(string documentId)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, Address);
        try
        {
            await Document(documentId).GetSnapshotAsync();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>The silo the cluster's grain directory names for the document's activation (null when none).</summary>
    public async Task<SiloAddress?> HolderOfAsync(string documentId) =>
        await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(Document(documentId));

    /// <summary>The silos this node sees as active.</summary>
    public async Task<int> ActiveSilosAsync() => (await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;

    public async ValueTask DisposeAsync()
    {
        await Subscriptions.DisposeAsync();
        await Host.StopAsync();
        Host.Dispose();
        await Store.DisposeAsync();
    }

    private static async Task<PostgresNode> StartAsync(PostgresEventStore store, HostApplicationBuilder builder)
    {
        try
        {
            var host = builder.Build();
            await host.StartAsync();
            return new PostgresNode(store, host);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }
}
