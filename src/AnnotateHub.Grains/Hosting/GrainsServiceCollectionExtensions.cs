using AnnotateHub.Runtime;
using AnnotateHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AnnotateHub.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime with AnnotateHub's grains. The caller registers the store: an
    /// <see cref="IEventStore"/> and an <see cref="IGrainStateStore"/> singleton.
    /// </summary>
    public static GrainRuntimeBuilder AddAnnotateHubGrains(
        this IServiceCollection services,
        Action<GrainRuntimeOptions>? configureRuntime = null,
        Action<DocumentGrainOptions>? configureDocuments = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<DocumentGrainOptions>();
        if (configureDocuments is not null)
        {
            options.Configure(configureDocuments);
        }

        return services.AddGrainRuntime(configureRuntime)
            .AddGrain<IDocumentGrain, DocumentGrain>()
            .AddGrain<IWorkspaceGrain, WorkspaceGrain>()
            .AddGrain<IWorkspaceDirectoryGrain, WorkspaceDirectoryGrain>()
            .AddGrainStorageAsDefault(sp => new StoreGrainStorage(sp.GetRequiredService<IGrainStateStore>()));
    }
}
