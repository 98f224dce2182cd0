namespace Juxa.Api.Realtime;

/// <summary>What <see cref="RealtimeConnections.Join"/> did with a subscription.</summary>
public enum SubscriptionJoin
{
    /// <summary>The connection follows the group (it may have already).</summary>
    Joined,

    /// <summary>The connection follows <see cref="RealtimeConnections.MaxSubscriptionsPerConnection"/> groups already.</summary>
    AtLimit,

    /// <summary>The connection is no longer listed: it closed (or is being closed) while the call was on its way.</summary>
    ConnectionGone,
}
