using AnnotateHub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace AnnotateHub.Web.Diagnostics;

/// <summary>Ready when this node's silo is active in its cluster and answers a grain call (the management grain's host list).</summary>
internal sealed class SiloReadyCheck(ISiloStatusOracle silo, IGrainFactory grains) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (silo.CurrentStatus != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}, not active.");
        }

        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
        return hosts.ContainsKey(silo.SiloAddress)
            ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s).")
            : HealthCheckResult.Unhealthy("The cluster does not list this silo as active.");
    }
}

/// <summary>Ready when the event store answers a read (the version of a stream that never exists).</summary>
internal sealed class StoreReadyCheck(IEventStore store) : IHealthCheck
{
    private const string ProbeStream = "health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await store.GetVersionAsync(ProbeStream, cancellationToken).WaitAsync(SiloReadyCheck.Timeout, cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
