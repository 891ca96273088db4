using AnnotateHub.Grains;

namespace AnnotateHub.Web.Hosting;

/// <summary>
/// Keeps each workspace's chain of document heads without waiting for an admin to run verify: every
/// <c>Audit:SealEvery</c> (default six hours; <c>00:00:00</c> turns it off) each workspace is verified and, when intact
/// and changed, its heads are sealed (a new link of the <c>audit/{workspace}</c> stream, by "system"). A seal made
/// this way is what a later rewrite of a whole stream is caught against. A broken chain found on the way is logged as
/// an error naming the document and version. Every node runs it; the workspace's audit grain is one activation, and
/// heads already sealed are not sealed again.
/// </summary>
public sealed partial class AuditSealer(IGrainFactory grains, ILogger<AuditSealer> logger)
{
    public const string SystemActor = "system";

    /// <summary>Verifies and seals every workspace once; answers how many got a new seal.</summary>
    public async Task<int> SealAllAsync(CancellationToken cancellationToken = default)
    {
        var sealedCount = 0;
        var workspaces = await grains.GetGrain<IWorkspaceDirectoryGrain>(IWorkspaceDirectoryGrain.DefaultKey).ListAsync();
        foreach (var workspace in workspaces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var verification = await grains.GetGrain<IWorkspaceAuditGrain>(workspace.Id).VerifyAsync(seal: true, SystemActor);
            if (!verification.Intact)
            {
                LogBroken(workspace.Id, verification.Summary);
            }
            else if (verification.Sealed)
            {
                sealedCount++;
            }
        }

        return sealedCount;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit trail of workspace {WorkspaceId} is {Summary}. Run `admin verify --workspace` on it and restore that document from a backup.")]
    private partial void LogBroken(string workspaceId, string summary);
}

internal sealed partial class AuditSealService(AuditSealer sealer, IConfiguration configuration, TimeProvider time, ILogger<AuditSealService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue("Audit:SealEvery", TimeSpan.FromHours(6));
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken);
                await sealer.SealAllAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSealFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not seal the workspaces' audit trails; trying again at the next interval.")]
    private partial void LogSealFailed(Exception exception);
}

public static class AuditSealingRegistration
{
    /// <summary>Adds the scheduled seal of every workspace's audit trail (<see cref="AuditSealer"/>). Call after the silo.</summary>
    public static IServiceCollection AddAnnotateHubAuditSealing(this IServiceCollection services)
    {
        services.AddSingleton<AuditSealer>();
        services.AddHostedService<AuditSealService>();
        return services;
    }
}
