using System.Collections.Concurrent;

namespace Juxa.Api.Realtime;

/// <summary>
/// Which of this host's hub connections are in which group. Kept here rather than in SignalR's
/// groups because an event goes to several groups at once (workspace, object, record) and every
/// connection is in its workspace group: SignalR sends once per group, so a connection subscribed
/// to a record would receive each of its events twice. <see cref="Members"/> gives the union, so
/// each connection receives an event exactly once.
/// </summary>
public sealed class RealtimeConnections
{
    /// <summary>
    /// How many records and objects one connection may follow (docs/realtime.md). Bounds the memory one connection can
    /// pin; far above what a screen needs. The groups a connection is in from the start (workspace, member) do not count.
    /// </summary>
    public const int MaxSubscriptionsPerConnection = 1000;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Membership> _connections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Starts tracking a connection (on connect), in the groups it belongs to by who it is: its workspace's and its member's.</summary>
    public void Connect(string connectionId, IReadOnlyCollection<string> groups)
    {
        lock (_lock)
        {
            if (_connections.TryAdd(connectionId, new Membership([.. groups])))
            {
                foreach (var group in groups)
                {
                    AddMember(group, connectionId);
                }
            }
        }
    }

    /// <summary>Subscribes the connection to a group, unless it follows <see cref="MaxSubscriptionsPerConnection"/> already or is gone.</summary>
    public SubscriptionJoin Join(string connectionId, string group)
    {
        lock (_lock)
        {
            // A subscription racing the disconnect finds the connection gone and is not recorded.
            if (!_connections.TryGetValue(connectionId, out var membership))
            {
                return SubscriptionJoin.ConnectionGone;
            }

            if (membership.Subscriptions.Count >= MaxSubscriptionsPerConnection && !membership.Subscriptions.Contains(group))
            {
                return SubscriptionJoin.AtLimit;
            }

            if (membership.Subscriptions.Add(group))
            {
                AddMember(group, connectionId);
            }

            return SubscriptionJoin.Joined;
        }
    }

    /// <summary>Unsubscribes the connection from a group; the groups it is in from the start stay.</summary>
    public void Leave(string connectionId, string group)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connectionId, out var membership) && membership.Subscriptions.Remove(group))
            {
                RemoveMember(group, connectionId);
            }
        }
    }

    /// <summary>Forgets a connection and its groups (on disconnect).</summary>
    public void Disconnect(string connectionId)
    {
        lock (_lock)
        {
            if (_connections.Remove(connectionId, out var membership))
            {
                foreach (var group in membership.Fixed.Concat(membership.Subscriptions))
                {
                    RemoveMember(group, connectionId);
                }
            }
        }
    }

    /// <summary>The connections in any of the groups, each once.</summary>
    public IReadOnlyList<string> Members(IEnumerable<string> groups)
    {
        HashSet<string>? members = null;
        foreach (var group in groups)
        {
            if (_groups.TryGetValue(group, out var connections))
            {
                members ??= new HashSet<string>(StringComparer.Ordinal);
                // Enumerating the dictionary itself takes no locks (Keys would take them all).
                foreach (var (connectionId, _) in connections)
                {
                    members.Add(connectionId);
                }
            }
        }

        return members is null ? [] : [.. members];
    }

    /// <summary>Connections this host tracks (diagnostics and tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    private void AddMember(string group, string connectionId) =>
        _groups.GetOrAdd(group, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[connectionId] = 0;

    private void RemoveMember(string group, string connectionId)
    {
        if (_groups.TryGetValue(group, out var connections))
        {
            connections.TryRemove(connectionId, out _);
            if (connections.IsEmpty)
            {
                // Under the lock, so no Join can be adding to this set meanwhile.
                _groups.TryRemove(group, out _);
            }
        }
    }

    /// <summary>A connection's groups: those it is in from the start, and its subscriptions (what the limit counts).</summary>
    private sealed record Membership(string[] Fixed)
    {
        public HashSet<string> Subscriptions { get; } = new(StringComparer.Ordinal);
    }
}
