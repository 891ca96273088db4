using Npgsql;

namespace AnnotateHub.Accounts.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the PostgreSQL tests of this process share: the one <c>ANNOTATEHUB_TEST_POSTGRES</c> names (an
/// Npgsql connection string to its <c>postgres</c> database as a superuser; <c>tests/postgres.sh start</c> prints it and
/// <c>tests/run.sh</c> exports it). Each test gets a database of its own. Never skipped: without a server, every
/// PostgreSQL test fails and says how to start one. (A copy of the storage tests' helper, without its auto-start.)
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "ANNOTATEHUB_TEST_POSTGRES";

    private const string HowToStart =
        "From the repository root, start a throwaway server with: eval \"$(bash tests/postgres.sh start)\" "
        + "(stop it afterwards with: bash tests/postgres.sh stop), or run bash tests/run.sh, which does both.";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly NpgsqlDataSource _admin;

    private PostgresServer(string adminConnectionString)
    {
        AdminConnectionString = adminConnectionString;
        _admin = NpgsqlDataSource.Create(adminConnectionString);
    }

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The shared server (checked on first use; a failure is reported to every caller).</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new, empty database with a unique name; dispose it to drop it.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        var server = await GetAsync();
        var name = $"annotatehub_accounts_test_{Guid.NewGuid():N}";
        await server.ExecuteAsync($"CREATE DATABASE \"{name}\";").WithTimeout($"CREATE DATABASE {name}");
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
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so the PostgreSQL accounts tests have no server to run on. {HowToStart}");
        }

        PostgresServer server;
        try
        {
            server = new PostgresServer(configured);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"{EnvironmentVariable} is not an Npgsql connection string ({exception.Message}). {HowToStart}", exception);
        }

        try
        {
            await server.ExecuteAsync("SELECT 1;").WithTimeout("PostgreSQL to answer");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            var target = new NpgsqlConnectionStringBuilder(configured);
            throw new InvalidOperationException(
                $"The PostgreSQL server {EnvironmentVariable} names (host {target.Host}, port {target.Port}, database {target.Database}, "
                + $"user {target.Username}) does not answer: {exception.Message}. Is it still running? {HowToStart}",
                exception);
        }

        return server;
    }
}

/// <summary>A database of its own for one test, created empty on the shared server; disposing it drops it.</summary>
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

    public async ValueTask DisposeAsync()
    {
        // The pool of this database's connection string is of no further use; FORCE ends any session still open.
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await Server.DropDatabaseAsync(Name);
    }
}
