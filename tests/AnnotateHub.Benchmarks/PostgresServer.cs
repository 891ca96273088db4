using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace AnnotateHub.Benchmarks;

/// <summary>
/// The PostgreSQL server of the PostgreSQL figures: the one <c>ANNOTATEHUB_TEST_POSTGRES</c> names (an Npgsql
/// connection string to a superuser's <c>postgres</c> database), or else a throwaway one this run starts with
/// <c>tests/postgres.sh start</c> (installing PostgreSQL with apt-get when it is missing) and stops at its end, as the
/// browser figures find Chromium themselves. Each figure works in a fresh database of its own, dropped after it.
/// </summary>
public sealed partial class PostgresServer : IDisposable
{
    public const string EnvironmentVariable = "ANNOTATEHUB_TEST_POSTGRES";

    private readonly NpgsqlDataSource _admin;
    private readonly string? _startedIn;

    private PostgresServer(string adminConnectionString, string origin, string? startedIn)
    {
        AdminConnectionString = adminConnectionString;
        Origin = origin;
        _startedIn = startedIn;
        _admin = NpgsqlDataSource.Create(adminConnectionString);
    }

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server came from (for the figures' notes and failure messages).</summary>
    public string Origin { get; }

    /// <summary>Version and durability settings, e.g. "PostgreSQL 15.14, fsync=off, synchronous_commit=off".</summary>
    public string Description { get; private set; } = "";

    /// <summary>The server's <c>fsync</c> setting: whether a COMMIT waits for the disk.</summary>
    public bool Fsync { get; private set; }

    /// <summary>
    /// The server named by <c>ANNOTATEHUB_TEST_POSTGRES</c>, or one started with <c>tests/postgres.sh</c>. Throws, saying
    /// what to do, when neither works.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(BenchmarkRun run)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        PostgresServer server;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            server = new PostgresServer(configured, $"the server {EnvironmentVariable} names", startedIn: null);
        }
        else
        {
            run.Log($"{EnvironmentVariable} is not set: starting a throwaway PostgreSQL with tests/postgres.sh (stopped at the end of this run)");
            var (connectionString, startedIn) = await RunScriptAsync();
            server = new PostgresServer(connectionString, startedIn is null ? "the server tests/postgres.sh reused" : "a server tests/postgres.sh started", startedIn);
        }

        try
        {
            await using var command = server._admin.CreateCommand(
                "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('max_connections');");
            await using var reader = await command.ExecuteReaderAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await reader.ReadAsync();
            server.Fsync = reader.GetString(1) == "on";
            server.Description = $"PostgreSQL {reader.GetString(0).Split(' ')[0]} ({server.Origin}), fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, max_connections={reader.GetString(3)}";
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            server.Dispose();
            throw new InvalidOperationException(
                $"PostgreSQL ({server.Origin}) does not answer: {exception.Message}. Set {EnvironmentVariable} to a superuser connection string "
                + "of a running server (e.g. eval \"$(bash tests/postgres.sh start)\"), or unset it so that the benchmark starts one.",
                exception);
        }

        run.Log(server.Description);
        return server;
    }

    /// <summary>A new, empty database with a unique name; disposing it drops it.</summary>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string purpose)
    {
        var name = $"ah_bench_{purpose.Replace('-', '_')}_{Guid.NewGuid().ToString("N")[..10]}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\";");
        return new PostgresDatabase(this, name, new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString);
    }

    internal async Task ExecuteAsync(string sql)
    {
        await using var command = _admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The process id of the server's postmaster (from its data folder), or null when it cannot be read (a remote server).</summary>
    public async Task<int?> PostmasterProcessIdAsync()
    {
        try
        {
            await using var command = _admin.CreateCommand("SELECT current_setting('data_directory');");
            var folder = (string)(await command.ExecuteScalarAsync())!;
            var file = Path.Combine(folder, "postmaster.pid");
            return File.Exists(file) && int.TryParse(File.ReadLines(file).First(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception exception) when (exception is NpgsqlException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stops the server when this run started it (and only that one).</summary>
    public void Dispose()
    {
        _admin.Dispose();
        if (_startedIn is null)
        {
            return;
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Script());
            start.ArgumentList.Add("stop");
            start.ArgumentList.Add(_startedIn);
            using var process = Process.Start(start);
            process?.WaitForExit(TimeSpan.FromSeconds(60));
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            Console.Error.WriteLine($"# could not stop the PostgreSQL server in {_startedIn}: {exception.Message} (bash tests/postgres.sh stop)");
        }
    }

    [GeneratedRegex(@"^export ANNOTATEHUB_TEST_POSTGRES='(?<value>[^']*)'$", RegexOptions.Multiline)]
    private static partial Regex ConnectionStringLine();

    [GeneratedRegex(@"^export ANNOTATEHUB_TEST_POSTGRES_STARTED=(?<value>[01])$", RegexOptions.Multiline)]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"^export ANNOTATEHUB_TEST_POSTGRES_DIR=(?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex FolderLine();

    /// <returns>The connection string, and the server's folder when this call started it (null when it reused one).</returns>
    private static async Task<(string ConnectionString, string? StartedIn)> RunScriptAsync()
    {
        var script = Script();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("start");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run bash {script} start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5)); // includes installing PostgreSQL with apt-get
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"bash {script} start did not finish within 5 minutes.");
        }

        var text = await output;
        var connection = ConnectionStringLine().Match(text);
        if (process.ExitCode != 0 || !connection.Success)
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, and 'bash {script} start' failed (exit code {process.ExitCode}): {(await errors).Trim()}. "
                + $"Set {EnvironmentVariable} to a superuser connection string of a running PostgreSQL server (its postgres database), "
                + "or fix what the script reports.");
        }

        var folder = FolderLine().Match(text);
        var startedHere = StartedLine().Match(text).Groups["value"].Value == "1" && folder.Success;
        return (connection.Groups["value"].Value, startedHere ? folder.Groups["value"].Value : null);
    }

    private static string Script() => Path.Combine(EndToEnd.Tests.AppHost.RepositoryRoot(), "tests", "postgres.sh");
}

/// <summary>A database of one figure on the benchmark's server; disposing it drops it (connections and all).</summary>
public sealed class PostgresDatabase(PostgresServer server, string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>A superuser connection string to this database.</summary>
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE);");
        }
        catch (NpgsqlException exception)
        {
            Console.Error.WriteLine($"# could not drop the database {Name}: {exception.Message}");
        }
    }
}
