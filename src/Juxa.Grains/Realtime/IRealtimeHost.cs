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

    /// <summary>
    /// Closes this host's hub connections opened with any of these credentials (SHA-256 of the token, lower-case hex),
    /// for a revocation that must take effect at once (a key revoked, an app uninstalled, a session ended or moved to
    /// another workspace) rather than at the next periodic check.
    /// Not one-way, so the caller can wait for live hosts; it bounds the wait itself, so a dead host stalls nobody.
    /// </summary>
    Task CloseCredentialsAsync(string[] tokenHashes);

    /// <summary>
    /// Closes this host's hub connections that act for the member in the workspace (sessions and API keys), for a member
    /// just removed: like <see cref="CloseCredentialsAsync"/>, at once rather than at the next periodic check.
    /// </summary>
    Task CloseMemberConnectionsAsync(Guid workspaceId, Guid memberId);

    /// <summary>
    /// Closes this host's hub connections of a session (SHA-256 of its token, lower-case hex) that are in a workspace other
    /// than <paramref name="workspaceId"/>, for a session just switched to that workspace: they follow the workspace it left.
    /// Its connections in <paramref name="workspaceId"/> stay, so a switch to the workspace it acts in already closes none.
    /// </summary>
    Task CloseSessionOutsideAsync(string tokenHash, Guid workspaceId);
}
