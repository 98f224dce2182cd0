using Juxa.Realtime;

namespace Juxa.Api.Realtime;

/// <summary>
/// Tells every API host to close its hub connections of credentials that were just revoked (a key, an uninstalled app's
/// embed tokens, a session that ended or moved to another workspace), or of a member just removed. Without it an open
/// connection outlived the revocation until its host's next periodic credential check (up to a minute), receiving the
/// workspace's events meanwhile, while the same credential's requests were already refused ("at once, on every host").
/// Waits at most <see cref="MaxWait"/> for the hosts: a dead or slow one must not hold up the revocation, and its
/// connections still close at its next periodic check.
/// </summary>
public sealed partial class HubConnectionCloser(IGrainFactory grains, ILogger<HubConnectionCloser> logger)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    public async Task CloseAsync(IReadOnlyCollection<byte[]> tokenHashes)
    {
        if (tokenHashes.Count == 0)
        {
            return;
        }

        var hashes = tokenHashes.Select(Convert.ToHexStringLower).ToArray();
        await OnEveryHostAsync(host => host.CloseCredentialsAsync(hashes));
    }

    /// <summary>Closes the connections that act for the member in the workspace: their sessions and API keys there.</summary>
    public Task CloseMemberAsync(Guid workspaceId, Guid memberId) =>
        OnEveryHostAsync(host => host.CloseMemberConnectionsAsync(workspaceId, memberId));

    /// <summary>Closes a session's connections in workspaces other than the one it was just switched to.</summary>
    public Task CloseSessionOutsideAsync(byte[] tokenHash, Guid workspaceId)
    {
        var hash = Convert.ToHexStringLower(tokenHash);
        return OnEveryHostAsync(host => host.CloseSessionOutsideAsync(hash, workspaceId));
    }

    private async Task OnEveryHostAsync(Func<IRealtimeHost, Task> close)
    {
        try
        {
            var hosts = await grains.GetGrain<IRealtimeHostsGrain>(0).GetHostsAsync().WaitAsync(MaxWait);
            await Task.WhenAll(hosts.Select(h => CloseOnAsync(h, close))).WaitAsync(MaxWait);
        }
        catch (Exception e)
        {
            // The revocation itself is committed; only the early close is missed, and the periodic check still does it.
            LogCloseFailed(logger, e);
        }
    }

    private async Task CloseOnAsync(RegisteredHost host, Func<IRealtimeHost, Task> close)
    {
        try
        {
            await close(host.Host);
        }
        catch (Exception e)
        {
            LogHostFailed(logger, e, host.HostId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the API hosts to close the hub connections of revoked credentials; their periodic check will")]
    private static partial void LogCloseFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API host {HostId} did not close the hub connections of revoked credentials; its periodic check will")]
    private static partial void LogHostFailed(ILogger logger, Exception error, Guid hostId);
}
