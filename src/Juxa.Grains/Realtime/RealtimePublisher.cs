using Juxa.Records;
using Microsoft.Extensions.Logging;

namespace Juxa.Realtime;

/// <summary>
/// Hands events to the stream grain of their workspace (or member), which numbers them and passes
/// them to its silo's notifier. The caller waits for that hand-off (about a millisecond: the stream
/// grain answers once the event is numbered and queued, not delivered), so that its events keep
/// their order; but never longer than <see cref="HandOffTimeout"/>, so that a write cannot hang on
/// a silo that is going down.
/// </summary>
public sealed class RealtimePublisher(IGrainFactory grains, TimeProvider time, ILogger<RealtimePublisher> logger) : IRealtimePublisher
{
    public static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The most events handed to a stream grain in one call.</summary>
    public const int MaxHandOff = 1000;

    public async Task PublishAsync(RealtimeEvent e)
    {
        try
        {
            if (Message(e) is { } message)
            {
                await grains.GetGrain<IRealtimeStreamGrain>(RealtimeGroups.Workspace(e.WorkspaceId)).PublishAsync(message).WaitAsync(HandOffTimeout);
            }
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Could not publish {Type} for record {RecordId} in workspace {WorkspaceId}.", e.Type, e.RecordId, e.WorkspaceId);
        }
    }

    public async Task PublishManyAsync(IReadOnlyList<RealtimeEvent> events)
    {
        foreach (var workspace in events.GroupBy(e => e.WorkspaceId))
        {
            foreach (var chunk in workspace.Select(Message).OfType<RealtimeMessage>().Chunk(MaxHandOff))
            {
                try
                {
                    await grains.GetGrain<IRealtimeStreamGrain>(RealtimeGroups.Workspace(workspace.Key)).PublishManyAsync(chunk).WaitAsync(HandOffTimeout);
                }
                catch (Exception error)
                {
                    logger.LogWarning(error, "Could not publish {Count} events ({Type}, …) in workspace {WorkspaceId}.", chunk.Length, chunk[0].Event.Type, workspace.Key);
                }
            }
        }
    }

    /// <summary>The event stamped (when it has no time yet) and addressed to its groups; null for a type this method does not publish.</summary>
    private RealtimeMessage? Message(RealtimeEvent e)
    {
        if (!RealtimeEventTypes.WorkspaceEvents.Contains(e.Type))
        {
            logger.LogError("Dropped real-time event of type {Type}: PublishAsync takes workspace events only (notifications go through NotifyMemberAsync).", e.Type);
            return null;
        }

        var stamped = e.At == default ? e with { At = time.GetUtcNow() } : e;
        return new RealtimeMessage(RealtimeGroups.For(stamped), stamped);
    }

    public async Task NotifyMemberAsync(Guid workspaceId, Guid memberId, object notification, Actor? actor = null)
    {
        try
        {
            var e = RealtimeEvent.Create(RealtimeEventTypes.Notification, workspaceId, objectSlug: null, recordId: null, actor,
                data: notification, at: time.GetUtcNow());
            var group = RealtimeGroups.User(memberId);
            await grains.GetGrain<IRealtimeStreamGrain>(group).PublishAsync(new RealtimeMessage([group], e)).WaitAsync(HandOffTimeout);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Could not push a notification to member {MemberId} of workspace {WorkspaceId}.", memberId, workspaceId);
        }
    }
}
