using AnnotateHub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace AnnotateHub.Web.Diagnostics;

/// <summary>
/// Ready when this node's silo is active in its cluster, by this silo's own membership view. Nothing remote is called:
/// while another node has died and is not yet declared dead, a call to a grain it held would wait, and a readiness probe
/// that waits takes the surviving node out of the load balancer just when it is needed.
/// </summary>
internal sealed class SiloReadyCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (silo.CurrentStatus != SiloStatus.Active)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}, not active."));
        }

        var active = silo.GetApproximateSiloStatuses(onlyActive: true);
        return Task.FromResult(active.ContainsKey(silo.SiloAddress)
            ? HealthCheckResult.Healthy($"{active.Count} active silo(s).")
            : HealthCheckResult.Unhealthy("The cluster does not list this silo as active."));
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
