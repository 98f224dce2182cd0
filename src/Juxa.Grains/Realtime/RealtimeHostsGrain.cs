using Microsoft.Extensions.Logging;

namespace Juxa.Realtime;

/// <summary>
/// GPSTracker's hub list, extended for API hosts that are Orleans clients (they are not in cluster
/// membership): every entry expires unless renewed, and entries of co-hosting silos also drop out
/// as soon as membership declares the silo dead, without waiting for the expiry.
/// </summary>
public sealed class RealtimeHostsGrain(IClusterMembershipService membership, TimeProvider time, ILogger<RealtimeHostsGrain> logger)
    : Grain, IRealtimeHostsGrain
{
    /// <summary>How often hosts renew (<c>RealtimeHostRegistration</c>).</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    /// <summary>Three missed renewals: long enough for a busy host, short enough that a dead client host costs little.</summary>
    public static readonly TimeSpan Expiry = RenewEvery * 3;

    private readonly Dictionary<Guid, Entry> _hosts = [];

    public Task RegisterAsync(Guid hostId, IRealtimeHost host, SiloAddress? silo)
    {
        if (!_hosts.ContainsKey(hostId))
        {
            logger.LogInformation("Real-time host {HostId} registered{Silo}.", hostId, silo is null ? "" : $" (co-hosted on {silo})");
        }

        _hosts[hostId] = new Entry(host, silo, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(Guid hostId)
    {
        if (_hosts.Remove(hostId))
        {
            logger.LogInformation("Real-time host {HostId} unregistered.", hostId);
        }

        return Task.CompletedTask;
    }

    public Task<RegisteredHost[]> GetHostsAsync()
    {
        var now = time.GetUtcNow();
        var snapshot = membership.CurrentSnapshot;
        var live = new List<RegisteredHost>(_hosts.Count);
        foreach (var (hostId, entry) in _hosts.ToArray())
        {
            var status = entry.Silo is null ? SiloStatus.Active : snapshot.GetSiloStatus(entry.Silo);
            if (now - entry.RenewedAt > Expiry || status == SiloStatus.Dead)
            {
                _hosts.Remove(hostId);
                logger.LogInformation("Real-time host {HostId} dropped: {Reason}.", hostId, status == SiloStatus.Dead ? "its silo left the cluster" : "it stopped renewing");
            }
            else if (status == SiloStatus.Active)
            {
                live.Add(new RegisteredHost(hostId, entry.Host));
            }
        }

        return Task.FromResult(live.ToArray());
    }

    private sealed record Entry(IRealtimeHost Host, SiloAddress? Silo, DateTimeOffset RenewedAt);
}
