using System.Globalization;
using AnnotateHub.Grains;
using Orleans.Configuration;

namespace AnnotateHub.Web.Hosting;

/// <summary>The <c>Cluster:*</c> settings: how this node's silo joins its cluster.</summary>
/// <param name="Provider"><c>localhost</c> (one node, the default).</param>
/// <param name="SiloPort">Silo-to-silo port (default 11111).</param>
/// <param name="GatewayPort">The port Orleans clients (the admin CLI, a separate front end) connect to (default 30000).</param>
/// <param name="ClusterId">The cluster's id (default <c>annotatehub</c>).</param>
/// <param name="ServiceId">The service's id, stable across deployments (default <c>annotatehub</c>).</param>
public sealed record ClusterSettings(string Provider, int SiloPort, int GatewayPort, string ClusterId, string ServiceId)
{
    public const string Localhost = "localhost";

    /// <summary>Reads and checks the settings; a wrong value fails with a message that names the setting.</summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = (configuration["Cluster:Provider"] ?? Localhost).Trim().ToLowerInvariant();
        if (provider is not Localhost)
        {
            throw new InvalidOperationException(provider is "postgres" or "postgresql"
                ? "Cluster:Provider 'postgres' is not available in this version yet (it arrives with multi-node deployment). Remove the setting to run one node."
                : $"Unknown Cluster:Provider '{provider}'. Use 'localhost' (one node).");
        }

        return new ClusterSettings(
            provider,
            Port(configuration, "Cluster:SiloPort", 11111),
            Port(configuration, "Cluster:GatewayPort", 30000),
            Id(configuration, "Cluster:ClusterId"),
            Id(configuration, "Cluster:ServiceId"));
    }

    private static int Port(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{key} must be a TCP port from 1 to 65535, not '{text}'.");
    }

    private static string Id(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return "annotatehub";
        }

        return text.Trim().Length <= 100 && text.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? text.Trim()
            : throw new InvalidOperationException($"{key} '{text}' may use only letters, digits, '-', '_' and '.' (at most 100).");
    }
}

public static class ClusterRegistration
{
    /// <summary>
    /// Hosts this node's Orleans silo: clustering from <c>Cluster:*</c>, AnnotateHub's grains over the store already
    /// registered, the document options from <c>Documents:*</c>, and the grain call timeout from
    /// <c>Runtime:ResponseTimeout</c>.
    /// </summary>
    public static ClusterSettings AddAnnotateHubSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = ClusterSettings.From(builder.Configuration);
        var configuration = builder.Configuration;
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, null, settings.ServiceId, settings.ClusterId);
            silo.AddAnnotateHubGrains(documents => configuration.GetSection("Documents").Bind(documents));
            var timeout = configuration.GetValue<TimeSpan?>("Runtime:ResponseTimeout");
            if (timeout is { } responseTimeout)
            {
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
                silo.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
            }

            configure?.Invoke(silo);
        });
        return settings;
    }
}
