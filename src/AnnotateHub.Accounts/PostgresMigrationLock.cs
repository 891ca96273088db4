using System.Net.Sockets;
using Npgsql;

namespace AnnotateHub.Accounts;

/// <summary>
/// The lock that makes accounts migrations on PostgreSQL safe when several nodes start at once: a session-level advisory
/// lock (<c>pg_advisory_lock</c>) held on a dedicated, unpooled connection for as long as the migration runs. The next
/// node waits for it, then finds every migration applied. The holder unlocks when done; a holder that dies loses the
/// lock with its session. (EF Core's own migration lock on Npgsql, <c>LOCK TABLE "__EFMigrationsHistory"</c>, is taken inside each
/// migration transaction; this one also covers creating the history table and reading what is applied.)
/// </summary>
internal static class PostgresMigrationLock
{
    /// <summary>The advisory lock key; advisory locks are per database. The bytes spell "AHaccnts".</summary>
    public const long Key = 0x41_48_61_63_63_6E_74_73;

    private const string Example = "Host=db.example.org;Port=5432;Database=annotatehub;Username=annotatehub;Password=…";

    /// <summary>Waits (up to <see cref="AccountsStore.MigrationLockTimeout"/>) for the lock; disposing the result releases it.</summary>
    /// <exception cref="InvalidOperationException">The connection string is unusable or the database cannot be reached; the message names the setting to fix.</exception>
    /// <exception cref="TimeoutException">Another node held the lock for longer than the timeout.</exception>
    public static async Task<IAsyncDisposable> AcquireAsync(AccountsStore store, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(Unpooled(store));
        try
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when ((exception is NpgsqlException or SocketException or TimeoutException) && !cancellationToken.IsCancellationRequested)
            {
                throw ConnectionFailed(store, exception);
            }

            var timeout = store.MigrationLockTimeout;
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key);", connection)
            {
                CommandTimeout = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue),
            };
            command.Parameters.AddWithValue("key", Key);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException exception) when (exception.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:0} s for the accounts migration lock of the PostgreSQL database '{connection.Database}': "
                    + "another node has been migrating it for that long. Look for a node stuck at start-up, or a session holding "
                    + $"pg_advisory_lock({Key}) (pg_locks).",
                    exception);
            }

            return new Lease(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases the lock at once (so the next node need not wait for this session to end), then closes the session.</summary>
    private sealed class Lease(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key);", connection);
                command.Parameters.AddWithValue("key", Key);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The session is broken; ending it (below) releases the lock.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Unpooled(AccountsStore store)
    {
        try
        {
            // Unpooled, so that closing the connection ends the session and with it the lock.
            return new NpgsqlConnectionStringBuilder(store.ConnectionString) { Pooling = false }.ConnectionString;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's message names the offending keyword, never the value (which could be a password).
            throw new InvalidOperationException(
                $"The setting {store.SettingName} is not a valid Npgsql connection string ({exception.Message}). Expected e.g. {Example}",
                exception);
        }
    }

    private static InvalidOperationException ConnectionFailed(AccountsStore store, Exception exception)
    {
        var target = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        var user = string.IsNullOrEmpty(target.Username) ? "(the operating system user)" : $"'{target.Username}'";
        var database = string.IsNullOrEmpty(target.Database) ? "(none given: the user name is used)" : $"'{target.Database}'";
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

        return new InvalidOperationException(
            $"Cannot connect to PostgreSQL at {target.Host}:{target.Port}, database {database}, user {user}, to migrate the accounts: "
            + $"{exception.Message.Trim().TrimEnd('.')}. {hint} Fix the setting {store.SettingName}.",
            exception);
    }
}
