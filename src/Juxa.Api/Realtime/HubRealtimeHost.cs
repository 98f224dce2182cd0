using Juxa.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Juxa.Api.Realtime;

/// <summary>
/// This process's <see cref="IRealtimeHost"/>: GPSTracker's remote hub, wrapping
/// <see cref="IHubContext{THub}"/>. Orleans delivers an observer's calls one at a time, and the sends
/// are started in batch order without awaiting each, so events reach a connection in order while
/// one slow client (whose send waits on its full buffer) holds up nobody else.
/// </summary>
public sealed class HubRealtimeHost(
    IHubContext<NotificationsHub> hub, RealtimeConnections connections, HubCredentialGuard credentials, ILogger<HubRealtimeHost> logger) : IRealtimeHost
{
    public Task SendAsync(RealtimeBatch batch)
    {
        foreach (var message in batch.Messages)
        {
            var targets = connections.Members(message.Groups);
            if (targets.Count > 0)
            {
                _ = ObserveAsync(hub.Clients.Clients(targets).SendAsync(message.Event.Type, message.Event), message.Event);
            }
        }

        return Task.CompletedTask;
    }

    public Task CloseCredentialsAsync(string[] tokenHashes)
    {
        credentials.Close(tokenHashes);
        return Task.CompletedTask;
    }

    public Task CloseMemberConnectionsAsync(Guid workspaceId, Guid memberId)
    {
        credentials.CloseMember(workspaceId, memberId);
        return Task.CompletedTask;
    }

    public Task CloseSessionOutsideAsync(string tokenHash, Guid workspaceId)
    {
        credentials.CloseOutside(tokenHash, workspaceId);
        return Task.CompletedTask;
    }

    private async Task ObserveAsync(Task send, RealtimeEvent e)
    {
        try
        {
            await send;
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Could not send {Type} #{Sequence} to the hub connections of workspace {WorkspaceId}.", e.Type, e.Sequence, e.WorkspaceId);
        }
    }
}
