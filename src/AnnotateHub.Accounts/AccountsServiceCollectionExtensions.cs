using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AnnotateHub.Accounts;

/// <summary>Registers accounts, memberships and API tokens.</summary>
public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AccountsDbContext"/> on SQLite (pooled factory, plus the context itself as scoped),
    /// ASP.NET Core Identity (core, EF stores, sign-in manager, default token providers) with the AnnotateHub
    /// password and lockout rules, and <see cref="AccountService"/>, <see cref="MembershipService"/>,
    /// <see cref="ApiTokenService"/>, <see cref="PasswordSignIn"/> (scoped), <see cref="SignInThrottle"/> and <see cref="AccountsDatabase"/> (singleton).
    /// Also registers what <see cref="SignInManager{TUser}"/> needs (HTTP context accessor, authentication core)
    /// and <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is already registered.
    /// Call <see cref="AccountsDatabase.MigrateAsync"/> at start-up before use.
    /// </summary>
    public static IServiceCollection AddAnnotateHubAccounts(this IServiceCollection services, string sqliteConnectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(sqliteConnectionString);

        services.TryAddSingleton(TimeProvider.System);

        services.AddPooledDbContextFactory<AccountsDbContext>(options => options
            .UseSqlite(sqliteConnectionString)
            // Migrations are hand-written (no design-time tools, no model snapshot); the schema equivalence
            // test proves they match the model instead.
            .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning)));

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
}
