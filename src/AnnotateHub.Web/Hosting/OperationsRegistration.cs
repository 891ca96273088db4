using AnnotateHub.Grains;
using AnnotateHub.Storage;
using AnnotateHub.Web.Diagnostics;
using AnnotateHub.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration.Memory;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace AnnotateHub.Web.Hosting;

/// <summary>
/// What an operator watches: the Orleans dashboard at <see cref="DashboardPath"/> (site admins), Prometheus metrics at
/// <see cref="MetricsPath"/> (see <see cref="OperationsAccess"/>), <c>/health/live</c> and <c>/health/ready</c>, and quiet
/// logging defaults.
/// </summary>
public static class OperationsRegistration
{
    public const string DashboardPath = "/dashboard";
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The configuration key that turns the dashboard (and its per-call grain profiler) off.</summary>
    public const string DashboardEnabledSetting = "Dashboard:Enabled";

    private const string ReadyTag = "ready";

    /// <summary>The meters <c>/metrics</c> exports besides AnnotateHub's own.</summary>
    public static readonly string[] FrameworkMeters =
    [
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Lifecycle",
        "Microsoft.AspNetCore.Components.Server.Circuits",
    ];

    /// <summary>
    /// Log levels used unless configuration says otherwise: framework categories at Warning (no SQL command per query,
    /// no request lines), AnnotateHub's at the default (Information). The startup banner is written to the console
    /// directly, so it always shows.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LogDefaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:System"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning", // Orleans's placement retries log every attempt at Information
        // Orleans 10.4.2's watchdog starts its platform thread before it sets the participant-check timestamp, so its first
        // check can warn that the participant check "has not completed" for as long as the machine has been up: a false
        // alarm at start-up. Real stalls still show in /metrics and the dashboard; set this category back to Warning to
        // see the watchdog's own reports.
        ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Error",
    };

    /// <summary>
    /// Adds the dashboard to the silo, the metrics pipeline, the readiness checks, the access policies and the log
    /// defaults. Call after the store and the silo are registered.
    /// </summary>
    public static IHostApplicationBuilder AddAnnotateHubOperations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The lowest-priority configuration source: appsettings.json, environment variables and the command line all win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LogDefaults });

        var services = builder.Services;
        if (builder.Configuration.GetValue(DashboardEnabledSetting, true))
        {
            builder.UseOrleans(silo => silo.AddDashboard());
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(FrameworkMeters)
            .AddMeter(GrainMetrics.MeterName)
            .AddPrometheusExporter());

        DecorateEventStore(services);
        services.AddHostedService<LiveSessionTracking>();
        services.AddHealthChecks()
            .AddCheck<SiloReadyCheck>("silo", tags: [ReadyTag])
            .AddCheck<StoreReadyCheck>("store", tags: [ReadyTag]);
        services.AddAnnotateHubOperationsAccess();
        return builder;
    }

    /// <summary>Maps the dashboard, <c>/metrics</c> and the health endpoints. (<c>/healthz</c> runs every check, so it is ready too.)</summary>
    public static WebApplication MapAnnotateHubOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        if (app.Configuration.GetValue(DashboardEnabledSetting, true))
        {
            app.MapOrleansDashboard(routePrefix: DashboardPath)
                .RequireAuthorization(OperationsAccess.SiteAdminPolicy)
                .WithMetadata(new HiddenEndpoint())
                .ExcludeFromDescription();
        }

        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(OperationsAccess.MetricsPolicy)
            .WithMetadata(new HiddenEndpoint(ChallengeWith401: true));
        return app;
    }

    /// <summary>Wraps the registered <see cref="IEventStore"/> in <see cref="InstrumentedEventStore"/> (one decorator, whoever resolves it).</summary>
    private static void DecorateEventStore(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IEventStore))
            ?? throw new InvalidOperationException("Register the store (AddAnnotateHubStorage) before AddAnnotateHubOperations.");
        services.Remove(registered);
        services.AddSingleton<IEventStore>(sp => new InstrumentedEventStore(Resolve(sp, registered)));
    }

    private static IEventStore Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor switch
        {
            { ImplementationInstance: IEventStore instance } => instance,
            { ImplementationFactory: { } factory } => (IEventStore)factory(services),
            { ImplementationType: { } type } => (IEventStore)ActivatorUtilities.CreateInstance(services, type),
            _ => throw new InvalidOperationException("The IEventStore registration cannot be decorated."),
        };
}
