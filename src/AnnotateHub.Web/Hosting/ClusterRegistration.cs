using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AnnotateHub.Grains;
using Orleans.Configuration;

namespace AnnotateHub.Web.Hosting;

/// <summary>The <c>Cluster:*</c> settings: how this node's silo joins its cluster.</summary>
/// <param name="Provider"><c>localhost</c> (one node, the default) or <c>postgres</c> (Orleans ADO.NET clustering on the store's PostgreSQL).</param>
/// <param name="SiloPort">Silo-to-silo port (default 11111).</param>
/// <param name="GatewayPort">The port Orleans clients (the admin CLI, a separate front end) connect to (default 30000).</param>
/// <param name="ClusterId">The cluster's id (default <c>annotatehub</c>).</param>
/// <param name="ServiceId">The service's id, stable across deployments (default <c>annotatehub</c>).</param>
/// <param name="AdvertisedAddress">
/// <c>postgres</c>: the address the other nodes reach this one at (<c>Cluster:AdvertisedAddress</c>, an IP address or a host
/// name resolved at start; 127.0.0.1 when every node runs on one machine). Null: the host's own address. Unused by <c>localhost</c>.
/// </param>
/// <param name="ConnectionString"><c>postgres</c>: the membership database (the store's <c>ConnectionStrings:AnnotateHub</c>).</param>
public sealed record ClusterSettings(
    string Provider, int SiloPort, int GatewayPort, string ClusterId, string ServiceId, IPAddress? AdvertisedAddress = null, string ConnectionString = "")
{
    public const string Localhost = "localhost";
    public const string Postgres = "postgres";

    public bool IsPostgres => Provider == Postgres;

    /// <summary>Reads and checks the settings; a wrong value fails with a message that names the setting.</summary>
    /// <param name="storage">The store the node runs on: PostgreSQL clustering needs the PostgreSQL store (its connection string).</param>
    public static ClusterSettings From(IConfiguration configuration, StorageDescription storage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        var provider = (configuration["Cluster:Provider"] ?? Localhost).Trim().ToLowerInvariant();
        provider = provider switch
        {
            "" or Localhost => Localhost,
            Postgres or "postgresql" => Postgres,
            _ => throw new InvalidOperationException($"Unknown Cluster:Provider '{provider}'. Use 'localhost' (one node, the default) or 'postgres' (several nodes)."),
        };

        var siloPort = Port(configuration, "Cluster:SiloPort", 11111);
        var gatewayPort = Port(configuration, "Cluster:GatewayPort", 30000);
        if (siloPort == gatewayPort)
        {
            throw new InvalidOperationException($"Cluster:SiloPort and Cluster:GatewayPort must differ (both are {siloPort}).");
        }

        var clusterId = Id(configuration, "Cluster:ClusterId");
        var serviceId = Id(configuration, "Cluster:ServiceId");
        if (provider == Localhost)
        {
            return new ClusterSettings(provider, siloPort, gatewayPort, clusterId, serviceId);
        }

        if (!storage.IsPostgres)
        {
            throw new InvalidOperationException(
                "Cluster:Provider is 'postgres' but Storage:Provider is 'sqlite': the nodes of a cluster share one PostgreSQL database. " +
                $"Set Storage:Provider to 'postgres' and {StorageRegistration.ConnectionStringSetting} to its Npgsql connection string.");
        }

        return new ClusterSettings(provider, siloPort, gatewayPort, clusterId, serviceId, Address(configuration["Cluster:AdvertisedAddress"]), storage.ConnectionString);
    }

    private static IPAddress? Address(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(text);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException($"Cluster:AdvertisedAddress '{text}' resolves to no address.");
        }
        catch (SocketException unresolved)
        {
            throw new InvalidOperationException(
                $"Cluster:AdvertisedAddress '{text}' is neither an IP address nor a host name this machine can resolve ({unresolved.Message}). " +
                "Set it to the address the other nodes reach this one at (127.0.0.1 when every node runs on this machine).", unresolved);
        }
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
    /// <summary>The ADO.NET invariant name Orleans loads Npgsql by.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Hosts this node's Orleans silo: clustering from <c>Cluster:*</c>, AnnotateHub's grains over the store already
    /// registered, the document options from <c>Documents:*</c>, and the grain call timeout from
    /// <c>Runtime:ResponseTimeout</c>.
    /// </summary>
    public static ClusterSettings AddAnnotateHubSilo(this IHostApplicationBuilder builder, StorageDescription storage, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = ClusterSettings.From(builder.Configuration, storage);
        var configuration = builder.Configuration;
        builder.UseOrleans(silo =>
        {
            if (settings.IsPostgres)
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = settings.ClusterId;
                    o.ServiceId = settings.ServiceId;
                });
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = NpgsqlInvariant;
                    o.ConnectionString = settings.ConnectionString;
                });
                if (settings.AdvertisedAddress is { } advertised)
                {
                    // Listen on every interface (a container's or pod's address may differ from the advertised one behind NAT).
                    silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
                }

                silo.Configure<ClusterMembershipOptions>(o => ConfigureFailureDetection(o, configuration));
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, null, settings.ServiceId, settings.ClusterId);
            }

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

    /// <summary>
    /// How fast a dead node is declared dead, so that its documents move to a live node. Orleans's defaults (probe
    /// timeout 5 s, 3 missed probes) take 15 s or more before the votes; a newsroom wants writes back sooner. A silo is
    /// probed every <c>Cluster:ProbeTimeout</c> (default 2 s) and declared dead after <c>Cluster:MissedProbesLimit</c>
    /// (default 3) misses: about 6–8 s after a crash, short enough to meet the 15 s failover goal with room for the
    /// reactivation, long enough that a 1–2 s pause (a full GC, a busy machine) does not evict a healthy node.
    /// A node that hangs (a frozen process, a machine that drops off the network) answers nothing rather than refusing:
    /// Orleans then waits up to <c>MaxProbeTimeout</c> per probe, 4 × the probe timeout by default (24 s in all, measured as
    /// failover-seconds' frozen-node case). It is capped at 2 × the probe timeout (4 s), so a hung node is out in about 12 s.
    /// </summary>
    private static void ConfigureFailureDetection(ClusterMembershipOptions options, IConfiguration configuration)
    {
        options.ProbeTimeout = configuration.GetValue("Cluster:ProbeTimeout", TimeSpan.FromSeconds(2));
        options.MaxProbeTimeout = options.ProbeTimeout * 2;
        options.NumMissedProbesLimit = configuration.GetValue("Cluster:MissedProbesLimit", 3);
        // Votes needed: Orleans asks for at most half the live silos, so in a two-node cluster the survivor's own vote suffices.
    }
}
