using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Postgres;
using AnnotateHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AnnotateHub.Web.Hosting;

/// <summary>What store the app runs on: for opening it, for the startup banner and for the operations page.</summary>
/// <param name="Provider"><see cref="StorageRegistration.Sqlite"/> or <see cref="StorageRegistration.Postgres"/>.</param>
/// <param name="Location">SQLite: the database file. PostgreSQL: <c>host:port/database</c> (never the password).</param>
/// <param name="ConnectionString">PostgreSQL: the Npgsql connection string from <c>ConnectionStrings:AnnotateHub</c>. SQLite: empty.</param>
public sealed record StorageDescription(string Provider, string Location, string ConnectionString = "")
{
    public bool IsPostgres => Provider == StorageRegistration.Postgres;

    /// <summary>The accounts live in the same database as the event store (the same SQLite file, or the same PostgreSQL database).</summary>
    public string AccountsConnectionString => IsPostgres ? ConnectionString : $"Data Source={Location};Pooling=True;Default Timeout=30";

    public override string ToString() => $"{Provider} ({Location})";
}

/// <summary>The store as opened, before any decorator: the event store and the grain-state store are one object.</summary>
public sealed record OpenedStore(IEventStore Store);

public static class StorageRegistration
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string ConnectionStringSetting = PostgresStoreOptions.DefaultSettingName;

    /// <summary>
    /// Opens the store <paramref name="description"/> names, applying its schema migrations. PostgreSQL is reached at
    /// once, so a wrong connection string or a database that is down fails here, before the node starts, with a
    /// <see cref="PostgresConnectionException"/> that names <c>ConnectionStrings:AnnotateHub</c>.
    /// </summary>
    public static async Task<IEventStore> OpenAsync(StorageDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description.IsPostgres
            ? await PostgresEventStore.OpenAsync(new PostgresStoreOptions { ConnectionString = description.ConnectionString }, cancellationToken)
            : await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = description.Location }, cancellationToken);
    }

    /// <summary>
    /// Registers the event and grain-state store that <paramref name="description"/> names: <paramref name="opened"/>
    /// when given, else opened on first use. The container disposes it when the host stops (so the commits in flight
    /// finish), unless <paramref name="ownedByCaller"/>.
    /// </summary>
    public static IServiceCollection AddAnnotateHubEventStore(
        this IServiceCollection services, StorageDescription description, IEventStore? opened = null, bool ownedByCaller = false)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (opened is not null and not IGrainStateStore)
        {
            throw new ArgumentException("The store must also hold grain state (IGrainStateStore).", nameof(opened));
        }

        services.AddSingleton(new StoreLocation(description.ToString()));
        // The store itself, undecorated: it holds the grain state too (IEventStore may be wrapped, e.g. by the metrics).
        if (opened is not null)
        {
            services.AddSingleton(new OpenedStore(opened));
        }
        else
        {
            services.AddSingleton(_ => new OpenedStore(OpenAsync(description).GetAwaiter().GetResult()));
        }

        if (ownedByCaller && opened is not null)
        {
            services.AddSingleton(opened);
        }
        else
        {
            services.AddSingleton(sp => sp.GetRequiredService<OpenedStore>().Store); // created by a factory, so disposed by the container
        }

        services.AddSingleton(sp => (IGrainStateStore)sp.GetRequiredService<OpenedStore>().Store);
        return services;
    }

    /// <summary>
    /// Which store the configuration names: <c>Storage:Provider</c> (<c>sqlite</c>, the default, or <c>postgres</c>),
    /// with <c>ConnectionStrings:AnnotateHub</c> (required for PostgreSQL) or else, for SQLite, <c>Storage:DataFolder</c>.
    /// Creates SQLite's data folder. A wrong setting fails with a message that names it.
    /// </summary>
    public static StorageDescription Describe(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var provider = (configuration["Storage:Provider"] ?? Sqlite).Trim().ToLowerInvariant();
        switch (provider)
        {
            case "" or Sqlite:
                var path = SqlitePath(configuration, environment);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new StorageDescription(Sqlite, path);
            case Postgres or "postgresql":
                return DescribePostgres(configuration.GetConnectionString("AnnotateHub"));
            default:
                throw new InvalidOperationException($"Unknown Storage:Provider '{provider}'. Use 'sqlite' (one node, the default) or 'postgres'.");
        }
    }

    private static StorageDescription DescribePostgres(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Storage:Provider is 'postgres' but {ConnectionStringSetting} is not set. Set it to an Npgsql connection string, " +
                "e.g. ConnectionStrings__AnnotateHub=\"Host=db;Port=5432;Database=annotatehub;Username=annotatehub;Password=…\".");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException invalid)
        {
            throw new InvalidOperationException(
                $"{ConnectionStringSetting} is not a valid Npgsql connection string ({invalid.Message}). A SQLite 'Data Source=…' needs Storage:Provider 'sqlite'.", invalid);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidOperationException(
                $"Storage:Provider is 'postgres' but {ConnectionStringSetting} names no PostgreSQL host (Host=…). A SQLite 'Data Source=…' needs Storage:Provider 'sqlite'.");
        }

        var database = string.IsNullOrWhiteSpace(builder.Database) ? builder.Username ?? "postgres" : builder.Database;
        return new StorageDescription(Postgres, $"{builder.Host}:{builder.Port}/{database}", connectionString);
    }

    private static string SqlitePath(IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("AnnotateHub");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException invalid)
            {
                throw new InvalidOperationException(
                    $"{ConnectionStringSetting} is not a SQLite connection string ({invalid.Message}). For PostgreSQL set Storage:Provider to 'postgres'.", invalid);
            }

            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new InvalidOperationException($"{ConnectionStringSetting} has no 'Data Source=<file>' for SQLite.");
            }

            return Path.GetFullPath(builder.DataSource, environment.ContentRootPath);
        }

        var folder = configuration["Storage:DataFolder"];
        folder = string.IsNullOrWhiteSpace(folder) ? "data" : folder;
        return Path.Combine(Path.GetFullPath(folder, environment.ContentRootPath), "annotatehub.db");
    }
}
