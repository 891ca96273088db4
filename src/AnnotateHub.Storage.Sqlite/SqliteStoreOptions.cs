using Microsoft.Data.Sqlite;

namespace AnnotateHub.Storage.Sqlite;

/// <summary>How <see cref="SqliteEventStore"/> opens its database file.</summary>
/// <remarks>
/// <para>
/// The database runs in WAL journal mode. When the task of a write (<c>AppendAsync</c>, <c>SaveSnapshotAsync</c>,
/// <c>WriteStateAsync</c>, <c>ClearStateAsync</c>) completes, its transaction has been committed. What "committed"
/// survives depends on <see cref="Synchronous"/>:
/// </para>
/// <list type="bullet">
/// <item><see cref="SqliteSynchronous.Full"/> (the default): SQLite syncs the WAL file to disk (fsync) on every commit,
/// so a completed write survives an application crash AND a power loss or operating-system crash.</item>
/// <item><see cref="SqliteSynchronous.Normal"/>: the WAL is synced only at checkpoints, so a completed write survives an
/// application crash, but the last commits before a power loss or OS crash can be lost (the database stays consistent).</item>
/// </list>
/// <para>
/// Group commit makes FULL affordable: one fsync covers every write that arrived while the previous commit was syncing.
/// </para>
/// </remarks>
public sealed record SqliteStoreOptions
{
    /// <summary>Path of the database file. Its folder and the file are created when missing. In-memory databases are not supported.</summary>
    public required string DataSource { get; init; }

    /// <summary>
    /// <c>PRAGMA synchronous</c> of the writer connection. Default <see cref="SqliteSynchronous.Full"/>: in WAL mode every
    /// commit syncs the WAL, so a write whose task completed survives power loss. <see cref="SqliteSynchronous.Normal"/>
    /// only guarantees it survives an application crash.
    /// </summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// <c>PRAGMA busy_timeout</c> of every connection: how long a statement waits for a lock held by another connection
    /// (e.g. a checkpoint or an external tool) before failing with SQLITE_BUSY. Default 5 s.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>PRAGMA wal_autocheckpoint</c>: after a commit leaves the WAL longer than this many pages (4 KiB each), the
    /// writer copies it back into the database file. Larger means fewer, cheaper-per-commit checkpoints (pages rewritten
    /// by many commits are copied once) and a larger WAL file. Default 4000 (~16 MiB); SQLite's own default is 1000.
    /// </summary>
    public int WalAutoCheckpointPages { get; init; } = 4000;

    /// <summary>The most write requests (appends, snapshots, state writes) grouped into one transaction. Default 1024.</summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>
    /// A batch stops taking requests once their payloads add up to this many bytes (a single larger request still goes
    /// through, alone). Keeps a transaction, and so the WAL, bounded. Default 16 MiB.
    /// </summary>
    public long MaxBatchBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The clock that stamps <see cref="StoredEvent.RecordedAt"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The absolute path of the database file.</summary>
    public string FullPath => Path.GetFullPath(DataSource);

    /// <summary>
    /// The connection string of the writer connection (not pooled, <c>Mode=ReadWriteCreate</c>, <c>Cache=Private</c>).
    /// A raw baseline that opens it and calls <see cref="SqlitePragmas.Apply"/> runs with exactly the store's settings.
    /// </summary>
    public string WriterConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = FullPath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = false,
    }.ToString();

    /// <summary>The connection string of the read connections (pooled, <c>Mode=ReadWriteCreate</c>, <c>Cache=Private</c>).</summary>
    public string ReaderConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = FullPath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();

    internal int BusyTimeoutMilliseconds => (int)Math.Clamp(BusyTimeout.TotalMilliseconds, 0, int.MaxValue);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataSource))
        {
            throw new ArgumentException("SqliteStoreOptions.DataSource must be the path of a database file.", nameof(DataSource));
        }

        if (DataSource.Trim().Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            || DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || DataSource.Contains(';', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"SqliteStoreOptions.DataSource must be a plain file path (the writer and the readers open the same file), not '{DataSource}'.",
                nameof(DataSource));
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "Unknown synchronous level.");
        }

        if (BusyTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "BusyTimeout cannot be negative.");
        }

        if (WalAutoCheckpointPages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WalAutoCheckpointPages), WalAutoCheckpointPages, "WalAutoCheckpointPages cannot be negative (0 turns automatic checkpoints off).");
        }

        if (MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be at least 1.");
        }

        if (MaxBatchBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchBytes), MaxBatchBytes, "MaxBatchBytes must be at least 1.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels. See <see cref="SqliteStoreOptions.Synchronous"/> for what each guarantees in WAL mode.</summary>
public enum SqliteSynchronous
{
    /// <summary>No syncs: a power loss or OS crash can corrupt the database. For throwaway data only.</summary>
    Off = 0,

    /// <summary>WAL synced at checkpoints only: committed writes survive an application crash, not a power loss.</summary>
    Normal = 1,

    /// <summary>WAL synced on every commit: committed writes survive a power loss. The default.</summary>
    Full = 2,

    /// <summary>Like <see cref="Full"/>, and also syncs the directory when the WAL is reset.</summary>
    Extra = 3,
}
