using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace AnnotateHub.Storage.Postgres;

/// <summary>
/// The database schema as numbered, forward-only migrations: the SQL files under <c>Migrations/</c>, embedded in this
/// assembly (<c>0001_event_streams.sql</c>, ...). <see cref="MigrateAsync"/> applies, in one transaction that holds a
/// transaction-level advisory lock, every step not yet recorded in <c>schema_migrations</c>, so nodes that start at the
/// same time queue on the lock and the schema is applied once. A released step is never edited: a change is a new step.
/// Every step is also idempotent on its own (<c>IF NOT EXISTS</c>, <c>ON CONFLICT DO NOTHING</c>).
/// </summary>
public static partial class PostgresSchema
{
    /// <summary>
    /// The key of the advisory lock (<c>pg_advisory_xact_lock</c>) that migrations hold; advisory locks are per database.
    /// The bytes spell "AHschema".
    /// </summary>
    public const long MigrationLockKey = 0x41_48_73_63_68_65_6D_61;

    private const string ResourcePrefix = "AnnotateHub.Storage.Postgres.Migrations.";

    private const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer     NOT NULL,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
        );
        """;

    /// <summary>A migration step: its number, its name (the file name without number and extension) and its SQL.</summary>
    public sealed record Migration(int Version, string Name, string Sql);

    /// <summary>Every step this build knows, in order (versions 1, 2, 3... without gaps).</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    /// <summary>The newest schema version this build knows.</summary>
    public static int CurrentVersion => Migrations[^1].Version;

    /// <summary>
    /// Brings the database named by <see cref="PostgresStoreOptions.ConnectionString"/> up to <see cref="CurrentVersion"/>.
    /// Safe to call from several nodes at once, and again: a database that is current is left as it is.
    /// </summary>
    /// <returns>The versions this call applied (empty when the database was already current).</returns>
    /// <exception cref="PostgresConnectionException">The database cannot be reached; the message names the setting to fix.</exception>
    public static async Task<IReadOnlyList<int>> MigrateAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await using var dataSource = PostgresConnections.CreateDataSource(options.ConnectionString, options.SettingName);
        return await MigrateAsync(dataSource, options, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        var timeout = (int)Math.Clamp(options.MigrationTimeout.TotalSeconds, 1, int.MaxValue);
        await using var connection = await PostgresConnections.OpenAsync(dataSource, options.SettingName, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction) { CommandTimeout = timeout })
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // From here on this transaction is the only migrator of the database. Each statement below sees what
        // migrators before it committed (READ COMMITTED takes a fresh snapshot per statement).
        await using (var command = new NpgsqlCommand(CreateMigrationsTable, connection, transaction) { CommandTimeout = timeout })
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var recorded = new HashSet<int>();
        await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations;", connection, transaction) { CommandTimeout = timeout })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                recorded.Add(reader.GetInt32(0));
            }
        }

        var applied = new List<int>();
        foreach (var migration in Migrations.Where(m => !recorded.Contains(m.Version)))
        {
            await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = timeout })
            {
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException exception)
                {
                    throw new InvalidOperationException(
                        $"Migrating the PostgreSQL database '{connection.Database}' failed at step {migration.Version} ({migration.Name}): "
                        + $"{exception.MessageText} ({exception.SqlState}). Nothing was changed: every step runs in one transaction.",
                        exception);
                }
            }

            await using (var command = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@version, @name);", connection, transaction))
            {
                command.Parameters.AddWithValue("version", migration.Version);
                command.Parameters.AddWithValue("name", migration.Name);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            applied.Add(migration.Version);
        }

        // The advisory lock is released with the transaction, after the steps and their records are committed.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationFileName();

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..];
            var match = MigrationFileName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"The embedded migration '{fileName}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"The embedded migrations must be numbered 1, 2, 3... without gaps or repeats; found {string.Join(", ", migrations.Select(m => m.Version))}.");
            }
        }

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException("No migrations are embedded in AnnotateHub.Storage.Postgres.");
        }

        return migrations;
    }
}
