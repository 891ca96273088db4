using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Sqlite;

/// <summary>The per-connection settings of the store, public so that a benchmark's raw baseline runs with the same ones.</summary>
public static class SqlitePragmas
{
    /// <summary>
    /// Applies the store's pragmas to an open connection: <c>journal_mode=WAL</c> (fails when the file system cannot
    /// do WAL), <c>synchronous</c> = <see cref="SqliteStoreOptions.Synchronous"/> and <c>busy_timeout</c> =
    /// <see cref="SqliteStoreOptions.BusyTimeout"/>. Call it outside a transaction.
    /// </summary>
    public static void Apply(SqliteConnection connection, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);

        SetBusyTimeout(connection, options);

        var mode = Convert.ToString(Scalar(connection, "PRAGMA journal_mode = WAL;"), CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite could not switch '{connection.DataSource}' to WAL journal mode (it reports '{mode}'). "
                + "The store needs WAL: put the database on a local file system that supports shared memory.");
        }

        Execute(connection, $"PRAGMA synchronous = {(int)options.Synchronous};");
        Execute(connection, $"PRAGMA wal_autocheckpoint = {options.WalAutoCheckpointPages.ToString(CultureInfo.InvariantCulture)};");
    }

    internal static void SetBusyTimeout(SqliteConnection connection, SqliteStoreOptions options) =>
        Execute(connection, $"PRAGMA busy_timeout = {options.BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)};");

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
