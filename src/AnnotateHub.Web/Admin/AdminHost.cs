using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AnnotateHub.Accounts;
using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Web.Hosting;
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
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(8);

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
        try
        {
            storage = StorageRegistration.Describe(builder.Configuration, builder.Environment);
            cluster = ClusterSettings.From(builder.Configuration);
        }
        catch (InvalidOperationException configuration)
        {
            await stderr.WriteLineAsync($"error: {configuration.Message}");
            return 1;
        }

        SqliteEventStore? store = null;
        try
        {
            store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = storage.Location });
        }
        catch (DatabaseInUseException)
        {
            // A server holds the database: reach it through its gateway.
        }

        var mode = store is null ? "client" : "private";
        if (store is not null)
        {
            builder.Services.AddAnnotateHubEventStore(storage, store);
            builder.Configuration["Cluster:SiloPort"] = FreePort();
            builder.Configuration["Cluster:GatewayPort"] = FreePort();
            builder.Configuration["Cluster:ClusterId"] = "annotatehub-cli-" + Guid.NewGuid().ToString("N")[..8];
            builder.AddAnnotateHubSilo();
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
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
            await stderr.WriteLineAsync(
                $"error: a running AnnotateHub server holds {storage.Location}, but its Orleans gateway at 127.0.0.1:{cluster.GatewayPort} " +
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
