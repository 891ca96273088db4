using AnnotateHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;

namespace AnnotateHub.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds what AnnotateHub's grains need to a silo: the domain serialization, the default grain storage over the
    /// project's store, the clock and the document options. The grain classes themselves are found by Orleans in
    /// this assembly. The caller registers the store: an <see cref="IEventStore"/> and an
    /// <see cref="IGrainStateStore"/> singleton.
    /// </summary>
    public static ISiloBuilder AddAnnotateHubGrains(this ISiloBuilder silo, Action<DocumentGrainOptions>? configureDocuments = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<DocumentGrainOptions>();
        if (configureDocuments is not null)
        {
            options.Configure(configureDocuments);
        }

        // Webhooks: the host replaces the transport (one that checks every address it connects to) and binds the options.
        services.AddOptions<WebhookOptions>();
        services.TryAddSingleton<IWebhookTransport, NoWebhookTransport>();
        services.AddSerializer(serializer => serializer.AddAnnotateHubSerialization());
        services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => new StoreGrainStorage(sp.GetRequiredService<IGrainStateStore>()));
        return silo;
    }
}
