using AnnotateHub.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AnnotateHub.Accounts;

/// <summary>
/// Identity tables plus workspace memberships, API tokens and the Data Protection key ring. Shares the app's database
/// (the SQLite file or the PostgreSQL database) with the event store, so it only ever creates, changes or drops its own
/// tables (through migrations, see <see cref="AccountsDatabase"/>).
/// </summary>
/// <remarks>
/// Services resolve this type. What is created is one subclass per provider, <see cref="SqliteAccountsDbContext"/> or
/// <see cref="PostgresAccountsDbContext"/>, because EF Core finds a context's migrations by the context type
/// (<c>[DbContext(typeof(…))]</c>) and each provider has its own migrations. Both share this model.
/// </remarks>
public abstract class AccountsDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Who belongs to which workspace, with which role.</summary>
    public DbSet<WorkspaceMembership> Memberships => Set<WorkspaceMembership>();

    /// <summary>Personal API tokens (hashes only).</summary>
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    /// <summary>The ASP.NET Core Data Protection key ring that every node shares (see <see cref="AccountsServiceCollectionExtensions.AddAnnotateHubDataProtection"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength).IsRequired();
        });

        builder.Entity<WorkspaceMembership>(membership =>
        {
            membership.ToTable("Memberships");
            membership.HasKey(m => new { m.WorkspaceId, m.UserId });
            membership.Property(m => m.WorkspaceId).HasMaxLength(WorkspaceMembership.WorkspaceIdMaxLength);
            membership.Property(m => m.Role)
                .HasConversion(role => role.WireName(), wire => RoleFromWireName(wire))
                .HasMaxLength(16)
                .IsRequired();
            membership.HasIndex(m => m.UserId);
            membership.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ApiToken>(token =>
        {
            token.ToTable("ApiTokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasMaxLength(32);
            token.Property(t => t.Name).HasMaxLength(ApiToken.NameMaxLength).IsRequired();
            token.Property(t => t.Hash).HasMaxLength(64).IsRequired();
            token.Property(t => t.Prefix).HasMaxLength(8).IsRequired();
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasIndex(t => t.UserId);
            token.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("DataProtectionKeys");
            key.HasKey(k => k.Id);
        });
    }

    private static WorkspaceRole RoleFromWireName(string wire) =>
        WorkspaceRoles.TryParse(wire, out var role)
            ? role
            : throw new InvalidOperationException($"Unknown workspace role '{wire}' in the Memberships table.");
}

/// <summary>The accounts on SQLite; its migrations are in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteAccountsDbContext(DbContextOptions<SqliteAccountsDbContext> options) : AccountsDbContext(options);

/// <summary>The accounts on PostgreSQL; its migrations are in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresAccountsDbContext(DbContextOptions<PostgresAccountsDbContext> options) : AccountsDbContext(options);
