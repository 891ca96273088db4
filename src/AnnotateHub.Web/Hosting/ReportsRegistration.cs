using AnnotateHub.Reports;
using AnnotateHub.Web.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AnnotateHub.Web.Hosting;

/// <summary>Document import from URLs and verdict reports.</summary>
public static class ReportsRegistration
{
    /// <summary>
    /// Adds <see cref="UrlImporter"/> (settings <c>Import:MaxBytes</c>, <c>Import:TimeLimit</c>, <c>Import:MaxRedirects</c>,
    /// <c>Import:AllowPrivateAddresses</c> (default false)), <see cref="PdfRenderer"/> (<c>Reports:ChromiumPath</c>,
    /// default the CHROMIUM_PATH environment variable or /usr/bin/chromium; <c>Reports:TimeLimit</c>;
    /// <c>Reports:MaxConcurrent</c>), <see cref="ReportExporter"/> and <see cref="ReportService"/>. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddAnnotateHubReports(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<UrlImportOptions>().Bind(configuration.GetSection(UrlImportOptions.Section));
        services.AddOptions<PdfOptions>().Bind(configuration.GetSection(PdfOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new UrlImporter(sp.GetRequiredService<IOptions<UrlImportOptions>>().Value));
        services.TryAddSingleton(sp => new PdfRenderer(sp.GetRequiredService<IOptions<PdfOptions>>().Value));
        services.TryAddSingleton<ReportExporter>();
        services.TryAddSingleton<ReportService>();
        return services;
    }
}
