using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using AnnotateHub.EndToEnd.Tests;
using AnnotateHub.Grains;
using AnnotateHub.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// Real AnnotateHub nodes (child processes of <c>dotnet AnnotateHub.Web.dll</c>, started by the browser tests'
/// <see cref="AppHost"/>) forming one Orleans cluster on a fresh database of the benchmark's PostgreSQL server, as
/// tests/AnnotateHub.EndToEnd.Tests/Cluster/PostgresCluster.cs starts them: Storage:Provider and Cluster:Provider
/// <c>postgres</c>, 127.0.0.1 advertised, free HTTP, silo and gateway ports, a unique cluster id, a data and a home folder
/// of its own per node. The probe settings are passed explicitly (the app's defaults), so the figures can name them.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    /// <summary>Cluster:ProbeTimeout: how often a silo probes the others (and how long it waits for an answer).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Cluster:MissedProbesLimit: missed probes before a silo votes another dead.</summary>
    public const int MissedProbesLimit = 3;

    private const string ServiceId = "annotatehub";

    private readonly PostgresDatabase _database;
    private readonly AppHost?[] _nodes;
    private readonly string[] _homes;
    private readonly string _cli;
    private readonly string _inspect;
    private IHost? _client;

    private NodeCluster(PostgresDatabase database, int size)
    {
        _database = database;
        ClusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        ConnectionString = database.ConnectionString; // pooled, as a real deployment's
        _inspect = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        _nodes = new AppHost?[size];
        _homes = Enumerable.Range(0, size).Select(_ => Directory.CreateTempSubdirectory("annotatehub-bench-home-").FullName).ToArray();
        _cli = Directory.CreateTempSubdirectory("annotatehub-bench-cli-").FullName;
    }

    public string ClusterId { get; }

    /// <summary>The nodes' database (what they have as ConnectionStrings:AnnotateHub).</summary>
    public string ConnectionString { get; }

    public int Size => _nodes.Length;

    public AppHost Node(int index) => _nodes[index] ?? throw new InvalidOperationException($"node {index} is not running");

    /// <summary>The probe settings every node runs with, as the figures print them.</summary>
    public static string ProbeSettings =>
        $"Cluster:ProbeTimeout={ProbeTimeout.TotalSeconds:0.#} s, Cluster:MissedProbesLimit={MissedProbesLimit} (the app's defaults)";

    /// <summary>Creates a database and starts <paramref name="size"/> nodes on it, one after another (the first seeds the demo).</summary>
    public static async Task<NodeCluster> StartAsync(PostgresServer server, string purpose, int size)
    {
        var database = await server.CreateDatabaseAsync(purpose);
        var cluster = new NodeCluster(database, size);
        try
        {
            for (var i = 0; i < size; i++)
            {
                await cluster.StartNodeAsync(i);
            }

            await cluster.WaitForActiveSilosAsync(size, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The settings of node <paramref name="index"/> (the app's configuration keys).</summary>
    public IDictionary<string, string> Settings(int index) => new Dictionary<string, string>
    {
        ["Storage:Provider"] = "postgres",
        ["ConnectionStrings:AnnotateHub"] = ConnectionString,
        ["Cluster:Provider"] = "postgres",
        ["Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Cluster:ClusterId"] = ClusterId,
        ["Cluster:ProbeTimeout"] = ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Cluster:MissedProbesLimit"] = MissedProbesLimit.ToString(CultureInfo.InvariantCulture),
        ["Security:ApiRequestsPerMinute"] = "10000000", // the writers share one token
        ["Logging:LogLevel:AnnotateHub"] = "Warning",
        ["HOME"] = _homes[index],
    };

    /// <summary>Starts node <paramref name="index"/> (again, on its old data folder and HTTP address, when it ran before).</summary>
    public async Task StartNodeAsync(int index)
    {
        var previous = _nodes[index];
        _nodes[index] = await AppHost.StartAsync(Settings(index), previous?.DataFolder, previous?.BaseAddress);
    }

    /// <summary>
    /// kill -9: the node gets no chance to leave the cluster or finish anything. The signal goes to the node's process
    /// alone, at once (AppHost's own kill walks the process tree first, which takes a while on a busy machine); returns
    /// the <see cref="Stopwatch"/> timestamp right after it was sent. Then <see cref="ForgetNodeAsync"/>.
    /// </summary>
    public long Kill(int index)
    {
        var pid = ProcessIdOf(index) ?? throw new InvalidOperationException($"node {index}'s process was not found");
        using var process = Process.GetProcessById(pid);
        process.Kill(); // SIGKILL
        return Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// kill -STOP: the node's process freezes with its sockets open, so the other silos' probes time out rather than
    /// being refused, as when a machine hangs or drops off the network. Returns the timestamp right after the signal.
    /// Kill it afterwards (<see cref="Kill"/>: SIGKILL ends a stopped process too).
    /// </summary>
    public long Freeze(int index)
    {
        var pid = ProcessIdOf(index) ?? throw new InvalidOperationException($"node {index}'s process was not found");
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add("-STOP");
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("could not run kill -STOP");
        kill.WaitForExit();
        return kill.ExitCode == 0 ? Stopwatch.GetTimestamp() : throw new InvalidOperationException($"kill -STOP {pid} failed ({kill.ExitCode})");
    }

    /// <summary>Lets a killed node's <see cref="AppHost"/> clean up (it waits for the process to end).</summary>
    public async Task ForgetNodeAsync(int index) => await Node(index).DisposeAsync();

    /// <summary>A personal access token issued by the admin CLI, run with the cluster's settings as an operator would.</summary>
    public async Task<string> IssueTokenAsync(string email)
    {
        var (exitCode, stdout, stderr) = await AppHost.RunAdminAsync(_cli, Settings(0), "issue-token", "--email", email, "--expires-days", "1");
        return exitCode == 0
            ? stdout.Trim().Split('\n')[^1].Trim()
            : throw new InvalidOperationException($"admin issue-token failed ({exitCode}): {stderr}");
    }

    public HttpClient Api(int index, string token, TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = Node(index).BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Membership rows of this cluster by status (3 = active, 6 = dead), keyed by the silo's gateway (proxy) port.</summary>
    public async Task<Dictionary<int, int>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(_inspect);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(proxyport, 0), status FROM orleansmembershiptable WHERE deploymentid = @cluster ORDER BY generation", connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        var rows = new Dictionary<int, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetInt32(0)] = reader.GetInt32(1); // a restarted node has a new gateway port, so no row is overwritten
        }

        return rows;
    }

    /// <summary>The database's counters (pg_stat_database: transactions, rows read, rows inserted); flushed by the server about once a second.</summary>
    public async Task<DatabaseCounters> DatabaseCountersAsync()
    {
        await using var connection = new NpgsqlConnection(_inspect);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched, tup_inserted FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout) =>
        await PostgresBenchmarks.WaitForAsync(async () => (await MembershipAsync()).Values.Count(s => s == 3) == count, $"{count} active silos in cluster {ClusterId}", timeout);

    /// <summary>
    /// The index of the node whose silo holds the document's activation (from the grain directory, asked through an
    /// Orleans client of the cluster, as the admin CLI connects), or null when it is not active.
    /// </summary>
    public async Task<int?> HolderOfAsync(string documentId)
    {
        // The client may still route a call through the gateway of a node just killed; such a call fails or hangs. Ask again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AskHolderAsync(documentId).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception exception) when (attempt < 6 && exception is TimeoutException or OrleansException or SiloUnavailableException)
            {
                await Task.Delay(1000);
            }
        }
    }

    private async Task<int?> AskHolderAsync(string documentId)
    {
        var client = await ClientAsync();
        var grains = client.Services.GetRequiredService<IClusterClient>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var silo = await management.GetActivationAddress(grains.GetGrain<IDocumentGrain>(documentId));
        if (silo is null)
        {
            return null;
        }

        var hosts = await management.GetDetailedHosts(onlyActive: true);
        var gateway = hosts.FirstOrDefault(h => h.SiloAddress.Equals(silo))?.ProxyPort;
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { } node && node.GatewayPort == gateway)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"the document is on silo {silo} (gateway port {gateway}), which is none of this cluster's nodes");
    }

    /// <summary>The process id of node <paramref name="index"/> (found by its data folder in the processes' environments; Linux), or null.</summary>
    public int? ProcessIdOf(int index)
    {
        var marker = "\0Storage__DataFolder=" + Node(index).DataFolder + "\0";
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var environment = "\0" + File.ReadAllText(Path.Combine(folder, "environ"));
                if (environment.Contains(marker, StringComparison.Ordinal) && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains("AnnotateHub.Web.dll", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // gone, or not ours
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or OrleansException)
            {
                // the cluster may be half gone
            }

            _client.Dispose();
        }

        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        // the nodes' data folders (AppHost made them; a restarted node reuses its own) with the homes and the CLI's folder
        var dataFolders = _nodes.Where(n => n is not null).Select(n => n!.DataFolder);
        foreach (var folder in _homes.Append(_cli).Concat(dataFolders))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }

        await _database.DisposeAsync();
    }

    private async Task<IHost> ClientAsync()
    {
        if (_client is not null)
        {
            return _client;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        DocumentHost.QuietLogging(builder.Logging);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = ClusterRegistration.NpgsqlInvariant;
                o.ConnectionString = ConnectionString;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.Services.AddSerializer(serializer => serializer.AddAnnotateHubSerialization());
        });
        var host = builder.Build();
        await host.StartAsync();
        _client = host;
        return host;
    }
}

/// <summary>Counters of one database (pg_stat_database).</summary>
public sealed record DatabaseCounters(long Transactions, long RowsRead, long RowsInserted);
