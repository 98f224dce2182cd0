using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Juxa.Silo;

/// <summary>
/// Ready once this silo is Active in cluster membership: it has joined (so PostgreSQL, which holds the
/// membership table, answered) and takes grain calls. Not ready while joining, shutting down or declared dead.
/// </summary>
public sealed class SiloActiveHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo is {status}, not Active."));
    }
}
