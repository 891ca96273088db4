using System.Net.Sockets;
using Npgsql;

namespace AnnotateHub.Storage.Postgres;

/// <summary>Builds the store's data source and opens its first connection, turning every failure into a message that says which setting to fix.</summary>
internal static class PostgresConnections
{
    private const string Example = "Host=db.example.org;Port=5432;Database=annotatehub;Username=annotatehub;Password=…";

    /// <summary>Reads the connection string and builds a data source (a connection pool of its own).</summary>
    /// <exception cref="PostgresConnectionException">The connection string is empty or not one Npgsql can read.</exception>
    public static NpgsqlDataSource CreateDataSource(string connectionString, string settingName, Action<NpgsqlConnectionStringBuilder>? tune = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new PostgresConnectionException(
                $"The setting {settingName} is empty. Set it to an Npgsql connection string, e.g. {Example}",
                settingName, host: null, port: null, database: null, innerException: null);
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's message names the offending keyword, never the value (which could be a password).
            throw new PostgresConnectionException(
                $"The setting {settingName} is not a valid Npgsql connection string ({exception.Message}). Expected e.g. {Example}",
                settingName, host: null, port: null, database: null, exception);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new PostgresConnectionException(
                $"The setting {settingName} names no host (Host=…). Expected e.g. {Example}",
                settingName, host: null, port: builder.Port, database: builder.Database, innerException: null);
        }

        tune?.Invoke(builder);
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Opens a connection; a failure to connect becomes a <see cref="PostgresConnectionException"/> naming the setting and the target.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, string settingName, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when ((exception is NpgsqlException or SocketException or TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
            throw ConnectionFailed(dataSource, settingName, exception);
        }
    }

    internal static PostgresConnectionException ConnectionFailed(NpgsqlDataSource dataSource, string settingName, Exception exception)
    {
        // The data source's connection string has the password removed (Persist Security Info is off).
        var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var host = target.Host;
        var port = target.Port;
        var user = string.IsNullOrEmpty(target.Username) ? "(the operating system user)" : $"'{target.Username}'";
        var database = string.IsNullOrEmpty(target.Database) ? null : target.Database;
        var databaseText = database is null ? "(none given: the user name is used)" : $"'{database}'";
        var hint = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                "The server answered, but that database does not exist: create it, or fix Database=… in the setting.",
            PostgresException { SqlState: var state } when state.StartsWith("28", StringComparison.Ordinal) =>
                "The server answered, but refused the user name or password: fix Username=…/Password=… in the setting.",
            PostgresException =>
                "The server answered, but refused the connection.",
            _ =>
                "Nothing usable answered there: check Host=… and Port=… in the setting, and that PostgreSQL runs and is reachable from this machine.",
        };

        return new PostgresConnectionException(
            $"Cannot connect to PostgreSQL at {host}:{port}, database {databaseText}, user {user}: {Reason(exception)}. {hint} "
            + $"Fix the setting {settingName}.",
            settingName, host, port, database, exception);
    }

    /// <summary>The messages of an exception and its inner exceptions, without repeats.</summary>
    private static string Reason(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.Trim().TrimEnd('.');
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }
}
