using System.Diagnostics;
using System.Text.RegularExpressions;
using AnnotateHub.Storage.Tests.Contract;
using Npgsql;

namespace AnnotateHub.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL server every PostgreSQL test of this process shares. It is the one <c>ANNOTATEHUB_TEST_POSTGRES</c>
/// names (an Npgsql connection string to the <c>postgres</c> database as a superuser; <c>tests/run.sh</c> exports it),
/// or else one this process starts with <c>tests/postgres.sh</c> and stops when it exits. Tests are never skipped:
/// when no server can be had, every PostgreSQL test fails with the reason.
/// </summary>
public sealed partial class PostgresServer
{
    public const string EnvironmentVariable = "ANNOTATEHUB_TEST_POSTGRES";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5); // includes installing PostgreSQL with apt-get

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly NpgsqlDataSource _admin;

    private PostgresServer(string adminConnectionString, string origin)
    {
        AdminConnectionString = adminConnectionString;
        Origin = origin;
        _admin = NpgsqlDataSource.Create(adminConnectionString);
    }

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server came from, for failure messages.</summary>
    public string Origin { get; }

    /// <summary>The shared server (started on first use; a failure to start is reported to every caller).</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new, empty database with a unique name; dispose it to drop it.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        var server = await GetAsync();
        var name = $"annotatehub_test_{Guid.NewGuid():N}";
        await server.ExecuteAsync($"CREATE DATABASE \"{name}\";").WithTimeout($"CREATE DATABASE {name} on {server.Origin}");
        return new PostgresTestDatabase(server, name, server.ConnectionStringFor(name));
    }

    /// <summary>The admin connection string with another database.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Runs SQL on the <c>postgres</c> database as the superuser.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var command = _admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    internal Task DropDatabaseAsync(string name) => ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE);");

    private static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        PostgresServer server;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            server = new PostgresServer(configured, $"the server {EnvironmentVariable} names");
        }
        else
        {
            var (connectionString, startedIn) = await RunScriptAsync("start");
            if (startedIn is not null)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopStartedServer(startedIn);
            }

            server = new PostgresServer(connectionString, "the server tests/postgres.sh started");
        }

        try
        {
            await server.ExecuteAsync("SELECT 1;").WithTimeout($"PostgreSQL ({server.Origin}) to answer");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL for the tests ({server.Origin}: {Describe(server.AdminConnectionString)}) does not answer: {exception.Message}. "
                + $"Set {EnvironmentVariable} to a superuser connection string of a running server, or unset it so that the "
                + "tests start one with tests/postgres.sh.",
                exception);
        }

        return server;
    }

    private static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"host {builder.Host}, port {builder.Port}, database {builder.Database}, user {builder.Username}";
        }
        catch (ArgumentException)
        {
            return "a connection string Npgsql cannot read";
        }
    }

    [GeneratedRegex(@"^export ANNOTATEHUB_TEST_POSTGRES='(?<value>[^']*)'$", RegexOptions.Multiline)]
    private static partial Regex ConnectionStringLine();

    [GeneratedRegex(@"^export ANNOTATEHUB_TEST_POSTGRES_STARTED=(?<value>[01])$", RegexOptions.Multiline)]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"^export ANNOTATEHUB_TEST_POSTGRES_DIR=(?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex FolderLine();

    /// <returns>The connection string, and the server's folder when this call started it (null when it reused one).</returns>
    private static async Task<(string ConnectionString, string? StartedIn)> RunScriptAsync(string command)
    {
        var script = Path.Combine(FindRepositoryRoot(), "tests", "postgres.sh");
        var (exitCode, output, errors) = await RunAsync(script, command);
        var connection = ConnectionStringLine().Match(output);
        if (exitCode != 0 || !connection.Success)
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so the tests started PostgreSQL with 'bash {script} {command}', and it failed "
                + $"(exit code {exitCode}). Its output:{Environment.NewLine}{errors}{output}{Environment.NewLine}"
                + $"Fix that, or set {EnvironmentVariable} to a superuser connection string of a running server (tests/run.sh does it).");
        }

        var folder = FolderLine().Match(output);
        var startedHere = StartedLine().Match(output).Groups["value"].Value == "1" && folder.Success;
        return (connection.Groups["value"].Value, startedHere ? folder.Groups["value"].Value : null);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, string command)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start bash {script} {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WithTimeout($"bash {script} {command} to finish", ScriptTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>
    /// Stops the server this process started in <paramref name="folder"/>, and no other (at process exit; synchronous, as
    /// ProcessExit handlers must be).
    /// </summary>
    private static void StopStartedServer(string folder)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            var script = Path.Combine(FindRepositoryRoot(), "tests", "postgres.sh");
            var start = new ProcessStartInfo("bash") { UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add("stop");
            start.ArgumentList.Add(folder);
            using var process = Process.Start(start);
            process?.WaitForExit(TimeSpan.FromSeconds(60));
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // The process is ending; the next tests/postgres.sh start clears a server left behind.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AnnotateHub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"{EnvironmentVariable} is not set, and no AnnotateHub.sln was found above {AppContext.BaseDirectory} to find tests/postgres.sh. "
            + $"Set {EnvironmentVariable} to a superuser connection string of a running PostgreSQL server.");
    }
}

/// <summary>A database of its own for one test (class), created empty on the shared server; disposing it drops it.</summary>
public sealed class PostgresTestDatabase(PostgresServer server, string name, string connectionString) : IAsyncDisposable
{
    public PostgresServer Server { get; } = server;

    public string Name { get; } = name;

    /// <summary>A superuser connection string to this database.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>A new, unpooled connection to this database, for arranging and inspecting it by hand.</summary>
    public async Task<NpgsqlConnection> OpenRawConnectionAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync() => await Server.DropDatabaseAsync(Name);
}
