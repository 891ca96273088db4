namespace AnnotateHub.Storage.Postgres;

/// <summary>How to open a <see cref="PostgresEventStore"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The configuration key the connection string comes from; named in every connection error.</summary>
    public const string DefaultSettingName = "ConnectionStrings:AnnotateHub";

    /// <summary>An Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>). Required.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>
    /// Where <see cref="ConnectionString"/> was configured. Connection errors name it, so that the person reading them
    /// knows which setting to fix. Default <c>ConnectionStrings:AnnotateHub</c>.
    /// </summary>
    public string SettingName { get; init; } = DefaultSettingName;

    /// <summary>
    /// Apply the pending schema migrations when the store opens (under a database lock, so nodes starting together
    /// do not race). Default true. With false, the store only checks that it can connect.
    /// </summary>
    public bool ApplyMigrations { get; init; } = true;

    /// <summary>
    /// How long applying migrations may take, including the wait for another node that is migrating the same database.
    /// Default 10 minutes.
    /// </summary>
    public TimeSpan MigrationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock that stamps <see cref="StoredEvent.RecordedAt"/> and <c>streams.created_at</c>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(SettingName);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MigrationTimeout, TimeSpan.Zero);
    }
}
