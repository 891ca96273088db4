using AnnotateHub.Web.Security;
using AnnotateHub.Web.Seeding;
using Microsoft.Extensions.DependencyInjection.Extensions;
using AnnotateHub.Web.Services;

namespace AnnotateHub.Web.Hosting;

public static class WebServiceRegistration
{
    public static IServiceCollection AddAnnotateHubWeb(this IServiceCollection services)
    {
        services.AddSingleton<People>();
        services.AddSingleton<WorkspaceService>();
        services.AddSingleton<QualityService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<DocumentService>();
        services.AddSingleton<RestoreService>();
        services.AddSingleton<SiteAdmins>();
        services.AddSingleton<DemoSeeder>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DocumentViews>();
        services.AddHttpContextAccessor();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<PublicationService>();
        services.AddSingleton<DocumentSubscriptions>();
        services.AddSingleton<ActivityFeed>();
        services.AddScoped<ActivityService>();
        services.AddScoped<DocumentFeed>();
        services.AddScoped<AccessService>();
        services.AddScoped<ImportService>();
        return services;
    }
}
