using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;

namespace AnnotateHub.EndToEnd.Tests.Cluster;

/// <summary>
/// Several real AnnotateHub nodes (child processes) forming one Orleans cluster on a fresh PostgreSQL database of the
/// test server (<c>ANNOTATEHUB_TEST_POSTGRES</c>, started by tests/run.sh). Each node has its own data folder and its own
/// home folder, as separate machines would: nothing on disk is shared, only the database.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string ServerVariable = "ANNOTATEHUB_TEST_POSTGRES";

    private readonly AppHost?[] _nodes;
    private readonly string[] _homes;
    private readonly List<string> _outputs = [];
    private readonly string _clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    private PostgresCluster(string serverConnectionString, string database, int size)
    {
        ServerConnectionString = serverConnectionString;
        Database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database, Pooling = false }.ConnectionString;
        _nodes = new AppHost?[size];
        _homes = Enumerable.Range(0, size).Select(_ => Directory.CreateTempSubdirectory("annotatehub-node-home-").FullName).ToArray();
    }

    public string ServerConnectionString { get; }

    public string Database { get; }

    /// <summary>The nodes' database (what they have as <c>ConnectionStrings:AnnotateHub</c>).</summary>
    public string ConnectionString { get; }

    public AppHost Node(int index) => _nodes[index] ?? throw new InvalidOperationException($"Node {index} is not running.");

    public int Size => _nodes.Length;

    /// <summary>Creates a database and starts <paramref name="size"/> nodes on it, all at once (they seed the demo once between them).</summary>
    public static async Task<PostgresCluster> StartAsync(int size = 2)
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with `bash tests/run.sh`, or start a server first: eval \"$(bash tests/postgres.sh start)\".");
        }

        var database = "ah_cluster_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cluster = new PostgresCluster(server, database, size);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, size).Select(cluster.StartNodeAsync));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The settings every node of this cluster runs with.</summary>
    public IDictionary<string, string> Settings(int index) => new Dictionary<string, string>
    {
        ["Storage:Provider"] = "postgres",
        ["ConnectionStrings:AnnotateHub"] = ConnectionString,
        ["Cluster:Provider"] = "postgres",
        ["Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Cluster:ClusterId"] = _clusterId,
        ["HOME"] = _homes[index], // a key ring in the home folder would be this node's alone, as on its own machine
    };

    /// <summary>Starts node <paramref name="index"/> (again, at its old address, when it ran before).</summary>
    public async Task StartNodeAsync(int index)
    {
        var previous = _nodes[index];
        var node = await AppHost.StartAsync(Settings(index), previous?.DataFolder, previous?.BaseAddress);
        _nodes[index] = node;
    }

    /// <summary>kill -9: the node gets no chance to leave the cluster or finish anything.</summary>
    public async Task KillNodeAsync(int index)
    {
        var node = Node(index);
        lock (_outputs)
        {
            _outputs.Add(node.Output);
        }

        await node.DisposeAsync(); // Process.Kill: SIGKILL on Linux
    }

    /// <summary>The demo password, printed by whichever node seeded the demo.</summary>
    public string DemoPassword(string email)
    {
        var pattern = new System.Text.RegularExpressions.Regex(
            "^\\s*" + System.Text.RegularExpressions.Regex.Escape(email) + "\\s+(\\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            string[] outputs;
            lock (_outputs)
            {
                outputs = [.. _outputs, .. _nodes.Where(n => n is not null).Select(n => n!.Output)];
            }

            var seeded = outputs.Select(o => pattern.Matches(o)).Where(m => m.Count > 0).ToList();
            if (seeded.Count > 0)
            {
                return seeded[0][0].Groups[1].Value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"No node printed a demo password for {email}. Outputs:\n{string.Join("\n----\n", outputs)}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Issues a personal access token with the admin CLI, run against the cluster's settings (as an operator would).</summary>
    public async Task<string> IssueTokenAsync(string email)
    {
        var result = await AppHost.RunAdminAsync(Directory.CreateTempSubdirectory("annotatehub-cli-").FullName, Settings(0), "issue-token", "--email", email);
        return result.ExitCode == 0 ? result.Stdout.Trim() : throw new InvalidOperationException($"issue-token failed ({result.ExitCode}): {result.Stderr}");
    }

    public HttpClient Api(int index, string token)
    {
        var http = new HttpClient { BaseAddress = Node(index).BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The stored versions of a document's stream, in order, and the ids its annotation-created events carry.</summary>
    public async Task<(List<long> Versions, List<string> CreatedIds)> ReadStreamAsync(string documentId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version, type, convert_from(data, 'UTF8') FROM events WHERE stream_id = @stream ORDER BY version", connection);
        command.Parameters.AddWithValue("stream", "document/" + documentId);
        var versions = new List<long>();
        var created = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
            if (reader.GetString(1) == "annotation-created")
            {
                using var json = System.Text.Json.JsonDocument.Parse(reader.GetString(2));
                created.Add(json.RootElement.GetProperty("annotationId").GetString()!);
            }
        }

        return (versions, created);
    }

    /// <summary>The silos the membership table lists as active (status 3) for this cluster.</summary>
    public async Task<int> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3", connection);
        command.Parameters.AddWithValue("cluster", _clusterId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        foreach (var home in _homes)
        {
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }

        try
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // the server may be gone already at the end of a run
        }
    }
}
