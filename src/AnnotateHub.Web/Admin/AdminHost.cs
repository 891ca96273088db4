using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AnnotateHub.Accounts;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Web.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;

namespace AnnotateHub.Web.Admin;

/// <summary>
/// Runs <c>AnnotateHub.Web admin …</c> with the server's configuration. When no server holds the database, the CLI
/// starts a private silo on the same store (no web server, no demo seed) for the one command. When a server holds it,
/// the CLI connects to that server's gateway (<c>Cluster:GatewayPort</c>) as an Orleans client, checks it reached the
/// server of its own database, and runs the command through the server's grains. If it can do neither, it says so.
/// </summary>
public static partial class AdminHost
{
    /// <summary>How long the CLI tries to reach a running server's gateway.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            return await AdminCli.RunAsync(EmptyServices.Instance, args, stdout, stderr);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // a failed start is reported below, plainly

        StorageDescription storage;
        ClusterSettings cluster;
        IEventStore? store = null;
        try
        {
            storage = StorageRegistration.Describe(builder.Configuration, builder.Environment);
            cluster = ClusterSettings.From(builder.Configuration, storage);
            try
            {
                store = await StorageRegistration.OpenAsync(storage);
            }
            catch (DatabaseInUseException)
            {
                // A server holds the SQLite database: reach it through its gateway.
            }

            // On PostgreSQL every node opens the same database, and so can the CLI. Running nodes serve the command
            // through their grains, so that a document is never active in two places at once.
            if (store is not null && await RunningNodesAsync(storage, cluster) > 0)
            {
                await store.DisposeAsync();
                store = null;
            }
        }
        catch (InvalidOperationException configuration)
        {
            await stderr.WriteLineAsync($"error: {configuration.Message}");
            return 1;
        }

        var mode = store is null ? "client" : "private";
        if (store is not null)
        {
            builder.Services.AddAnnotateHubEventStore(storage, store, ownedByCaller: true);
            builder.Configuration["Cluster:Provider"] = ClusterSettings.Localhost; // a silo of its own, never a member of the nodes' cluster
            builder.Configuration["Cluster:SiloPort"] = FreePort();
            builder.Configuration["Cluster:GatewayPort"] = FreePort();
            builder.Configuration["Cluster:ClusterId"] = "annotatehub-cli-" + Guid.NewGuid().ToString("N")[..8];
            builder.AddAnnotateHubSilo(storage);
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                if (cluster.IsPostgres)
                {
                    client.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = cluster.ClusterId;
                        o.ServiceId = cluster.ServiceId;
                    });
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = ClusterRegistration.NpgsqlInvariant;
                        o.ConnectionString = cluster.ConnectionString;
                    });
                }
                else
                {
                    client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
                }

                client.Services.AddSerializer(serializer => serializer.AddAnnotateHubSerialization());
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            });
            builder.Services.AddSingleton(new StoreLocation(storage.ToString()));
            builder.Services.AddSingleton<IEventStore, ClusterEventStore>();
        }

        builder.Services.AddAnnotateHubApplication(storage, builder.Configuration);
        using var host = builder.Build();
        try
        {
            using var starting = new CancellationTokenSource(mode == "client" ? ConnectTimeout : TimeSpan.FromSeconds(60));
            await host.StartAsync(starting.Token);
        }
        catch (Exception exception) when (mode == "client")
        {
            var why = exception is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : exception.GetBaseException().Message;
            await stderr.WriteLineAsync(cluster.IsPostgres
                ? $"error: the nodes of cluster '{cluster.ClusterId}' on {storage.Location} are running, but none of their Orleans gateways " +
                  $"answered ({why}). Check that this machine can reach the nodes' Cluster:GatewayPort, or run the command on a node."
                : $"error: a running AnnotateHub server holds {storage.Location}, but its Orleans gateway at 127.0.0.1:{cluster.GatewayPort} " +
                  $"did not answer ({why}). Run the command with the server's Cluster:GatewayPort " +
                  "(the server prints its ports when it starts), or stop the server and run the command again.");
            return 1;
        }

        try
        {
            if (mode == "client")
            {
                var reached = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IStoreReaderGrain>(0).DescribeAsync();
                if (!string.Equals(reached, storage.ToString(), StringComparison.Ordinal))
                {
                    await stderr.WriteLineAsync(
                        $"error: the server at 127.0.0.1:{cluster.GatewayPort} runs on {reached}, not on {storage}. " +
                        "Set Cluster:GatewayPort to the port of the server that holds this database.");
                    return 1;
                }
            }

            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AccountsDatabase>().MigrateAsync();
            }

            return await AdminCli.RunAsync(host.Services, args, stdout, stderr);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
            if (store is not null)
            {
                await store.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// How many nodes of the cluster are alive: members marked Active in Orleans's membership table that have reported
    /// in the last two minutes (they do every 30 s). Zero when the cluster uses no PostgreSQL membership.
    /// </summary>
    private static async Task<long> RunningNodesAsync(StorageDescription storage, ClusterSettings cluster)
    {
        if (!cluster.IsPostgres)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3 AND iamalivetime > now() - interval '2 minutes'",
            connection);
        command.Parameters.AddWithValue("cluster", cluster.ClusterId);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>For help and usage errors, which need no services.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
