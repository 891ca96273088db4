using Microsoft.EntityFrameworkCore;

namespace AnnotateHub.Accounts;

/// <summary>Brings the accounts tables up to date. Touches only the accounts tables and EF's own bookkeeping tables.</summary>
public sealed class AccountsDatabase(IDbContextFactory<AccountsDbContext> contextFactory)
{
    /// <summary>Applies every migration not yet applied (forward only). A no-op when up to date.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        await context.Database.MigrateAsync(ct).ConfigureAwait(false);
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
}
