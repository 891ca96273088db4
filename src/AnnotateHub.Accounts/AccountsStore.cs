namespace AnnotateHub.Accounts;

/// <summary>The database engines the accounts can live in.</summary>
public enum AccountsProvider
{
    /// <summary>A SQLite file (one node; the file the event store uses).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (one or many nodes; the database the event store and the cluster use).</summary>
    Postgres,
}

/// <summary>
/// Where the accounts live: <see cref="Provider"/> and its <see cref="ConnectionString"/> (a SQLite
/// <c>Data Source=…</c>, or an Npgsql connection string). Each provider has its own migrations.
/// </summary>
/// <param name="Provider">The engine.</param>
/// <param name="ConnectionString">The connection string for that engine.</param>
public sealed record AccountsStore(AccountsProvider Provider, string ConnectionString)
{
    /// <summary>
    /// The setting that holds <see cref="ConnectionString"/>, named in the messages of a database that cannot be reached.
    /// </summary>
    public string SettingName { get; init; } = "ConnectionStrings:AnnotateHub";

    /// <summary>
    /// How long <see cref="AccountsDatabase.MigrateAsync"/> on PostgreSQL waits for another node that is migrating the
    /// same database before it gives up.
    /// </summary>
    public TimeSpan MigrationLockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Accounts in a SQLite file.</summary>
    public static AccountsStore Sqlite(string connectionString) => new(AccountsProvider.Sqlite, connectionString);

    /// <summary>Accounts in a PostgreSQL database.</summary>
    public static AccountsStore Postgres(string connectionString) => new(AccountsProvider.Postgres, connectionString);

    /// <summary>Throws <see cref="ArgumentException"/> for an unknown provider, a blank connection string or a lock timeout that is not positive.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new ArgumentException($"Unknown accounts provider {(int)Provider}: use Sqlite or Postgres.", nameof(Provider));
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"The accounts connection string ({SettingName}) is empty.", nameof(ConnectionString));
        }

        if (MigrationLockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The migration lock timeout must be positive.", nameof(MigrationLockTimeout));
        }
    }

    /// <summary>The provider only: the connection string may hold a password, so it is never printed.</summary>
    public override string ToString() => $"{Provider} accounts store ({SettingName})";
}
