using Microsoft.EntityFrameworkCore;

namespace AnnotateHub.Accounts;

/// <summary>
/// Brings the accounts tables up to date, with the migrations of the provider in use (<c>Migrations/Sqlite</c> or
/// <c>Migrations/Postgres</c>). Touches only the accounts tables and EF's own bookkeeping tables.
/// </summary>
/// <param name="contextFactory">The accounts contexts.</param>
/// <param name="store">Where the accounts are.</param>
/// <param name="keyRing">The Data Protection key ring, when <see cref="AccountsServiceCollectionExtensions.AddAnnotateHubDataProtection"/> registered it.</param>
public sealed class AccountsDatabase(IDbContextFactory<AccountsDbContext> contextFactory, AccountsStore store, AccountsKeyRing? keyRing = null)
{
    /// <summary>
    /// The PostgreSQL advisory lock (<c>pg_advisory_lock</c>, per database) that <see cref="MigrateAsync"/> holds on
    /// PostgreSQL. The bytes spell "AHaccnts"; the event store's migrations use another key.
    /// </summary>
    public const long PostgresMigrationLockKey = PostgresMigrationLock.Key;

    /// <summary>The provider the accounts are on.</summary>
    public AccountsProvider Provider => store.Provider;

    /// <summary>
    /// Applies every migration not yet applied (forward only). A no-op when up to date. On PostgreSQL it runs under
    /// <see cref="PostgresMigrationLockKey"/>, so nodes starting at once migrate one after the other and the later ones
    /// find nothing to do; it waits at most <see cref="AccountsStore.MigrationLockTimeout"/> for the lock. When the Data
    /// Protection key ring is registered, it then makes sure the ring holds a key active now, under the same lock
    /// (<see cref="AccountsKeyRing.EnsureUsableKey"/>), so that nodes starting together share their first key.
    /// </summary>
    /// <exception cref="InvalidOperationException">PostgreSQL cannot be reached; the message names the setting to fix.</exception>
    /// <exception cref="TimeoutException">Another node held the PostgreSQL migration lock for longer than the timeout.</exception>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (store.Provider != AccountsProvider.Postgres)
        {
            // SQLite: EF Core's own migration lock (the __EFMigrationsLock table) serialises processes sharing the file.
            await MigrateCoreAsync(ct).ConfigureAwait(false);
            return;
        }

        var migrationLock = await PostgresMigrationLock.AcquireAsync(store, ct).ConfigureAwait(false);
        await using (migrationLock.ConfigureAwait(false))
        {
            await MigrateCoreAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The ids of the migrations applied to the database, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetAppliedMigrationsAsync(CancellationToken ct = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return [.. await context.Database.GetAppliedMigrationsAsync(ct).ConfigureAwait(false)];
    }

    /// <summary>The ids of the migrations this build knows but the database has not applied yet.</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken ct = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return [.. await context.Database.GetPendingMigrationsAsync(ct).ConfigureAwait(false)];
    }

    /// <summary>The ids of every migration this build knows for the provider in use, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetKnownMigrationsAsync(CancellationToken ct = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return [.. context.Database.GetMigrations()];
    }

    private async Task MigrateCoreAsync(CancellationToken ct)
    {
        await using (var context = await contextFactory.CreateDbContextAsync(ct).ConfigureAwait(false))
        {
            await context.Database.MigrateAsync(ct).ConfigureAwait(false);
        }

        keyRing?.EnsureUsableKey();
    }
}
