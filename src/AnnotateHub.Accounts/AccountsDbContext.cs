using AnnotateHub.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AnnotateHub.Accounts;

/// <summary>
/// Identity tables plus workspace memberships and API tokens. Shares the app's database file with the event
/// store, so it only ever creates, changes or drops its own tables (through migrations, see <see cref="AccountsDatabase"/>).
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : IdentityDbContext<AppUser>(options)
{
    /// <summary>Who belongs to which workspace, with which role.</summary>
    public DbSet<WorkspaceMembership> Memberships => Set<WorkspaceMembership>();

    /// <summary>Personal API tokens (hashes only).</summary>
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

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
    }

    private static WorkspaceRole RoleFromWireName(string wire) =>
        WorkspaceRoles.TryParse(wire, out var role)
            ? role
            : throw new InvalidOperationException($"Unknown workspace role '{wire}' in the Memberships table.");
}
