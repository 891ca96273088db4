using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Sqlite;

/// <summary>
/// The database schema as a list of numbered forward migrations. Opening a database applies, in one transaction,
/// every step newer than the highest version recorded in <c>schema_version</c>. A step, once released, is never
/// edited: a change is a new step.
/// </summary>
public static class SqliteSchema
{
    /// <summary>The newest schema version this build knows.</summary>
    public static int CurrentVersion => Migrations[^1].Version;

    /// <summary>A step: its SQL, then (optionally) code that runs in the same transaction (for what SQL cannot compute).</summary>
    internal sealed record Migration(int Version, string Description, string Sql, Action<SqliteConnection, SqliteTransaction>? Then = null);

    internal static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "event streams, events and snapshots", """
            -- one row per stream, written with its first events; the version lives in events (max(version))
            CREATE TABLE streams (
                stream_id   TEXT    NOT NULL PRIMARY KEY,
                created_at  INTEGER NOT NULL            -- microseconds since the Unix epoch, UTC
            ) WITHOUT ROWID;

            -- A rowid table, not WITHOUT ROWID: rows go to the end of the table and only the small
            -- (stream_id, version) index is touched per stream, so a commit that appends to many streams dirties
            -- far fewer pages (measured: group commits 2-3x cheaper than WITHOUT ROWID).
            CREATE TABLE events (
                stream_id   TEXT    NOT NULL,
                version     INTEGER NOT NULL,           -- 1, 2, 3... gap-free per stream
                type        TEXT    NOT NULL,
                data        BLOB    NOT NULL,
                recorded_at INTEGER NOT NULL,           -- microseconds since the Unix epoch, UTC
                PRIMARY KEY (stream_id, version)
            );

            CREATE TABLE snapshots (
                stream_id   TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                type        TEXT    NOT NULL,
                data        BLOB    NOT NULL,
                PRIMARY KEY (stream_id, version)
            );
            """),
        new(2, "grain state with ETags", """
            CREATE TABLE grain_state (
                state_name  TEXT    NOT NULL,
                key         TEXT    NOT NULL,
                etag        TEXT    NOT NULL,
                data        BLOB    NOT NULL,
                PRIMARY KEY (state_name, key)
            );
            """),
        new(3, "hash chain of each stream's events", """
            -- SHA-256(previous hash || SHA-256(canonical bytes)) per event (see EventChain); filled for existing events below
            ALTER TABLE events ADD COLUMN hash BLOB;
            """,
            SqliteEventChainMigration.FillHashes),
    ];

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER NOT NULL PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  TEXT    NOT NULL            -- ISO 8601, UTC
        );
        """;

    /// <summary>The highest version recorded in the database, 0 for an empty database.</summary>
    internal static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Throws when the database was written by a newer build than this one.</summary>
    internal static void EnsureNotNewer(int databaseVersion, string path)
    {
        if (databaseVersion > CurrentVersion)
        {
            throw new SchemaVersionTooNewException(path, databaseVersion, CurrentVersion);
        }
    }

    /// <summary>Brings the database up to <see cref="CurrentVersion"/>; returns the versions it applied.</summary>
    internal static IReadOnlyList<int> Migrate(SqliteConnection connection, string path, DateTimeOffset now)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = ReadVersion(connection, transaction);
        EnsureNotNewer(current, path);

        var applied = new List<int>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CreateVersionTable;
        command.ExecuteNonQuery();

        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            command.CommandText = migration.Sql;
            command.Parameters.Clear();
            try
            {
                command.ExecuteNonQuery();
                migration.Then?.Invoke(connection, transaction);
            }
            catch (SqliteException exception)
            {
                throw new InvalidOperationException(
                    $"Migrating '{path}' from schema version {current} failed at step {migration.Version} ({migration.Description}): "
                    + $"{exception.Message} Nothing was changed.",
                    exception);
            }

            command.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $applied_at);";
            command.Parameters.AddWithValue("$version", migration.Version);
            command.Parameters.AddWithValue("$description", migration.Description);
            command.Parameters.AddWithValue("$applied_at", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
            applied.Add(migration.Version);
        }

        transaction.Commit();
        return applied;
    }
}

/// <summary>The database was written by a newer AnnotateHub than this one; opening it could damage it, so the store refuses.</summary>
public sealed class SchemaVersionTooNewException(string path, int databaseVersion, int supportedVersion)
    : InvalidOperationException(
        $"The database '{path}' has schema version {databaseVersion}, but this build of AnnotateHub only knows schema versions up to "
        + $"{supportedVersion}. It was written by a newer AnnotateHub: run that version (or restore a backup made by this one). "
        + "The file was not changed.")
{
    public string Path { get; } = path;
    public int DatabaseVersion { get; } = databaseVersion;
    public int SupportedVersion { get; } = supportedVersion;
}
