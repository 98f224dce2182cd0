namespace Juxa.Realtime;

/// <summary>
/// One numbered event stream, keyed by the group whose members see all of it: <c>workspace:{id}</c>
/// for workspace events, <c>user:{memberId}</c> for a member's notifications. Its single activation
/// hands out sequence numbers in publish order and never hands one out twice or goes backwards.
/// </summary>
public interface IRealtimeStreamGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stamps the next sequence number on the message's event and queues it on this silo's notifier.
    /// Never throws: a failure is logged and becomes a gap. Request/response rather than one-way, so
    /// that events one caller publishes in turn are numbered in that order (one-way messages to a grain
    /// that is still activating can overtake each other).
    /// </summary>
    Task PublishAsync(RealtimeMessage message);

    /// <summary>
    /// <see cref="PublishAsync"/> for many messages at once, numbered one after another in their order and queued in one
    /// call: a change that touches thousands of records (deleting one they all reference) would otherwise queue
    /// thousands of calls on this one activation.
    /// </summary>
    Task PublishManyAsync(RealtimeMessage[] messages);

    /// <summary>The last sequence number handed out, 0 before the first (diagnostics and tests).</summary>
    Task<long> GetLastSequenceAsync();
}
