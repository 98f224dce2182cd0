namespace Juxa.Realtime;

/// <summary>
/// The cluster's list of API hosts with a notifications hub (key 0). Hosts renew their entry every
/// few seconds; an entry that is not renewed in time, or whose co-hosted silo left the cluster,
/// drops out. The list lives in memory only: after a move it refills within one renewal period.
/// </summary>
public interface IRealtimeHostsGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews a host; <paramref name="silo"/> is the silo it co-hosts, if any.</summary>
    Task RegisterAsync(Guid hostId, IRealtimeHost host, SiloAddress? silo);

    /// <summary>Removes a host that is shutting down.</summary>
    Task UnregisterAsync(Guid hostId);

    /// <summary>The hosts that renewed recently and whose silo (if co-hosted) is active.</summary>
    Task<RegisteredHost[]> GetHostsAsync();
}
