using Juxa.Records;

namespace Juxa.Realtime;

/// <summary>
/// How grains push changes to hub clients. Call it after the database commit. Neither method
/// throws, and neither waits for delivery: they return once the event is numbered and queued
/// (or after at most <see cref="RealtimePublisher.HandOffTimeout"/>). Real-time is best effort:
/// clients detect a lost event by a gap in <c>sequence</c> and re-fetch, and a write that
/// committed must never fail because the push could not be made. Events one caller publishes
/// in turn (awaiting each) reach clients in that order.
/// </summary>
public interface IRealtimePublisher
{
    /// <summary>
    /// Publishes a workspace event (<see cref="RealtimeEventTypes.WorkspaceEvents"/>) to the groups
    /// <c>workspace:{id}</c>, <c>object:{workspaceId}:{slug}</c> and <c>record:{id}</c>, stamped with the
    /// workspace's next sequence number. Build it with <see cref="RealtimeEvent.Create"/>.
    /// </summary>
    Task PublishAsync(RealtimeEvent e);

    /// <summary>
    /// <see cref="PublishAsync"/> for many events, in their order, handed to each workspace's stream grain a thousand at
    /// a time instead of one call each (a delete that changes 10,000 referencing records publishes 10,000 events).
    /// </summary>
    Task PublishManyAsync(IReadOnlyList<RealtimeEvent> events);

    /// <summary>
    /// Pushes a <c>notification</c> event to <c>user:{memberId}</c> with <paramref name="notification"/>
    /// (any JSON-serializable value, e.g. the stored notification row) as its <c>data</c>. It carries the
    /// member's own sequence, not the workspace's, so other members see no gap.
    /// </summary>
    Task NotifyMemberAsync(Guid workspaceId, Guid memberId, object notification, Actor? actor = null);
}
