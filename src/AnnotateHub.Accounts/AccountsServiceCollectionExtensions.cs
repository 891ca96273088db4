using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AnnotateHub.Accounts;

/// <summary>Registers accounts, memberships, API tokens and the shared Data Protection key ring.</summary>
public static class AccountsServiceCollectionExtensions
{
    /// <summary>The Data Protection application name every node uses (<see cref="AddAnnotateHubDataProtection"/>).</summary>
    public const string DataProtectionApplicationName = "AnnotateHub";

    /// <summary>Registers the accounts on SQLite: the same as <see cref="AddAnnotateHubAccounts(IServiceCollection, AccountsStore)"/> with <see cref="AccountsStore.Sqlite"/>.</summary>
    public static IServiceCollection AddAnnotateHubAccounts(this IServiceCollection services, string sqliteConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqliteConnectionString);
        return services.AddAnnotateHubAccounts(AccountsStore.Sqlite(sqliteConnectionString));
    }

    /// <summary>
    /// Registers <see cref="AccountsDbContext"/> on the store's provider (a pooled <see cref="IDbContextFactory{TContext}"/>
    /// of <see cref="AccountsDbContext"/>, plus the context itself as scoped; the instances are
    /// <see cref="SqliteAccountsDbContext"/> or <see cref="PostgresAccountsDbContext"/>), the <paramref name="store"/>,
    /// ASP.NET Core Identity (core, EF stores, sign-in manager, default token providers) with the AnnotateHub
    /// password and lockout rules, and <see cref="AccountService"/>, <see cref="MembershipService"/>,
    /// <see cref="ApiTokenService"/>, <see cref="PasswordSignIn"/> (scoped), <see cref="SignInThrottle"/> and <see cref="AccountsDatabase"/> (singleton).
    /// Also registers what <see cref="SignInManager{TUser}"/> needs (HTTP context accessor, authentication core)
    /// and <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is already registered.
    /// Call <see cref="AccountsDatabase.MigrateAsync"/> at start-up before use.
    /// </summary>
    /// <exception cref="ArgumentException">The store names an unknown provider or has no connection string.</exception>
    public static IServiceCollection AddAnnotateHubAccounts(this IServiceCollection services, AccountsStore store)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        store.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(store);

        switch (store.Provider)
        {
            case AccountsProvider.Sqlite:
                AddContext<SqliteAccountsDbContext>(services, options => options.UseSqlite(store.ConnectionString));
                break;
            case AccountsProvider.Postgres:
                AddContext<PostgresAccountsDbContext>(services, options => options.UseNpgsql(store.ConnectionString));
                break;
        }

        services.AddHttpContextAccessor();
        services.AddAuthentication();

        services.AddIdentityCore<AppUser>(ConfigureIdentity)
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.TryAddSingleton<AccountsDatabase>();
        services.TryAddScoped<AccountService>();
        services.TryAddScoped<MembershipService>();
        services.TryAddScoped<ApiTokenService>();
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddScoped<PasswordSignIn>();
        return services;
    }

    /// <summary>
    /// ASP.NET Core Data Protection (what signs the sign-in cookie and antiforgery tokens) with its key ring in the
    /// accounts database (the DataProtectionKeys table, <see cref="AccountsDbContext.DataProtectionKeys"/>) and the
    /// application name <see cref="DataProtectionApplicationName"/>, so every node on the same database protects and
    /// unprotects with the same keys, and the keys survive a restart. Call after
    /// <see cref="AddAnnotateHubAccounts(IServiceCollection, AccountsStore)"/>. The key ring is read on first use, so
    /// migrate before serving: <see cref="AccountsDatabase.MigrateAsync"/> also creates the first key, once for all
    /// nodes (<see cref="AccountsKeyRing"/>). Keys are stored unencrypted: whoever can read the table can forge cookies (add
    /// <c>ProtectKeysWith…</c> to the returned builder to encrypt them at rest).
    /// </summary>
    /// <exception cref="InvalidOperationException">The accounts are not registered yet.</exception>
    public static IDataProtectionBuilder AddAnnotateHubDataProtection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(AccountsDbContext)))
        {
            throw new InvalidOperationException(
                "AddAnnotateHubDataProtection keeps the key ring in the accounts database: call AddAnnotateHubAccounts first.");
        }

        services.TryAddSingleton<AccountsKeyRing>();
        return services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<AccountsDbContext>();
    }

    /// <summary>The AnnotateHub password, user and lockout rules.</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;

        options.User.RequireUniqueEmail = true;
        // The user name is the email address, which AccountService validates; Identity's default character
        // list would reject valid addresses (apostrophes, non-ASCII letters).
        options.User.AllowedUserNameCharacters = "";

        // No hard lockout: it let anyone lock a colleague out with five posts. Failed sign-ins cost a growing wait instead
        // (SignInThrottle, through PasswordSignIn).
        options.Lockout.AllowedForNewUsers = false;
    }

    /// <summary>
    /// The pooled factory of the provider's context, served as <see cref="IDbContextFactory{TContext}"/> of
    /// <see cref="AccountsDbContext"/>, and a scoped <see cref="AccountsDbContext"/> leased from it (what Identity's
    /// stores and the Data Protection key repository resolve); the scope returns it to the pool.
    /// </summary>
    private static void AddContext<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> useProvider)
        where TContext : AccountsDbContext
    {
        services.AddPooledDbContextFactory<TContext>(options =>
        {
            useProvider(options);
            // Migrations are hand-written (no design-time tools, no model snapshot); the schema equivalence
            // tests prove they match the model instead.
            options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        services.TryAddSingleton<IDbContextFactory<AccountsDbContext>, AccountsDbContextFactory<TContext>>();
        services.TryAddScoped<AccountsDbContext>(provider => provider.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContext());
    }

    private sealed class AccountsDbContextFactory<TContext>(IDbContextFactory<TContext> contexts) : IDbContextFactory<AccountsDbContext>
        where TContext : AccountsDbContext
    {
        public AccountsDbContext CreateDbContext() => contexts.CreateDbContext();

        public async Task<AccountsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
    }
}
