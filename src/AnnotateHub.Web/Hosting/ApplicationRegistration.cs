using AnnotateHub.Accounts;

namespace AnnotateHub.Web.Hosting;

public static class ApplicationRegistration
{
    /// <summary>
    /// What every AnnotateHub process needs beside the grains and the event store: accounts and the Data Protection key
    /// ring (in the store's database), the service facade over the grains, import and reports. The web node and the
    /// admin CLI both call it.
    /// </summary>
    public static IServiceCollection AddAnnotateHubApplication(this IServiceCollection services, StorageDescription storage, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.AddSingleton(storage);
        services.AddAnnotateHubAccounts(storage.IsPostgres ? AccountsStore.Postgres(storage.ConnectionString) : AccountsStore.Sqlite(storage.AccountsConnectionString));
        services.AddAnnotateHubDataProtection(); // the key ring (cookies, antiforgery) in the accounts database: one for every node
        services.AddAnnotateHubWeb();
        services.AddAnnotateHubReports(configuration);
        return services;
    }
}
