using Orleans.Concurrency;

namespace Juxa.Realtime;

/// <summary>
/// An API host's hub, as the cluster sees it: a grain observer that each API process (co-hosted
/// or client) registers with <see cref="IRealtimeHostsGrain"/>. One-way, so that a dead or slow
/// host never stalls a notifier: the call is sent and forgotten.
/// </summary>
public interface IRealtimeHost : IGrainObserver
{
    /// <summary>Sends each message's event to the connections of this host that are in its groups.</summary>
    [OneWay]
    Task SendAsync(RealtimeBatch batch);
}
