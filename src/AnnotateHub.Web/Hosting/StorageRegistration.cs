using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AnnotateHub.Web.Hosting;

/// <summary>What store the app runs on, for the startup banner and the operations page.</summary>
public sealed record StorageDescription(string Provider, string Location)
{
    /// <summary>The accounts database lives in the same file as the event store.</summary>
    public string AccountsConnectionString => $"Data Source={Location};Pooling=True;Default Timeout=30";

    public override string ToString() => $"{Provider} ({Location})";
}

public static class StorageRegistration
{
    /// <summary>
    /// Selects the store from configuration: <c>Storage:Provider</c> (<c>sqlite</c>, the default), with
    /// <c>ConnectionStrings:AnnotateHub</c> or else <c>Storage:DataFolder</c> (default <c>./data</c> under the content root).
    /// </summary>
    public static StorageDescription AddAnnotateHubStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var description = Describe(configuration, environment);
        services.AddSingleton(description);
        services.AddAnnotateHubEventStore(description);
        return description;
    }

    /// <summary>Registers the event and grain-state store that <paramref name="description"/> names (opened on first use).</summary>
    public static IServiceCollection AddAnnotateHubEventStore(this IServiceCollection services, StorageDescription description, SqliteEventStore? opened = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        services.AddSingleton(new StoreLocation(description.ToString()));
        if (opened is not null)
        {
            services.AddSingleton(opened);
        }
        else
        {
            services.AddSingleton(_ => SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = description.Location }).GetAwaiter().GetResult());
        }

        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IGrainStateStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        return services;
    }

    /// <summary>
    /// Which store the configuration names: <c>Storage:Provider</c> (<c>sqlite</c>, the default), with
    /// <c>ConnectionStrings:AnnotateHub</c> or else <c>Storage:DataFolder</c>. Creates the data folder.
    /// </summary>
    public static StorageDescription Describe(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var provider = (configuration["Storage:Provider"] ?? "sqlite").Trim().ToLowerInvariant();
        switch (provider)
        {
            case "sqlite":
                var path = SqlitePath(configuration, environment);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new StorageDescription("sqlite", path);
            case "postgres" or "postgresql":
                throw new InvalidOperationException(
                    "Storage:Provider 'postgres' is not available in this version yet (it arrives with multi-node deployment). " +
                    "Remove the setting to use SQLite.");
            default:
                throw new InvalidOperationException($"Unknown Storage:Provider '{provider}'. Use 'sqlite'.");
        }
    }

    private static string SqlitePath(IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("AnnotateHub");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (string.IsNullOrWhiteSpace(dataSource))
            {
                throw new InvalidOperationException("ConnectionStrings:AnnotateHub has no 'Data Source=<file>' for SQLite.");
            }

            return Path.GetFullPath(dataSource, environment.ContentRootPath);
        }

        var folder = configuration["Storage:DataFolder"];
        folder = string.IsNullOrWhiteSpace(folder) ? "data" : folder;
        return Path.Combine(Path.GetFullPath(folder, environment.ContentRootPath), "annotatehub.db");
    }
}
