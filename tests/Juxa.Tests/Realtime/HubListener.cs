using System.Text.Json;
using Juxa.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Juxa.Tests.Realtime;

/// <summary>A real SignalR client of the notifications hub that records every event it receives, for tests to wait on.</summary>
public sealed class HubListener : IAsyncDisposable
{
    private static readonly string[] Methods =
    [
        RealtimeEventTypes.RecordCreated, RealtimeEventTypes.RecordUpdated, RealtimeEventTypes.RecordDeleted,
        RealtimeEventTypes.NoteCreated, RealtimeEventTypes.NoteUpdated, RealtimeEventTypes.NoteDeleted,
        RealtimeEventTypes.TaskChanged, RealtimeEventTypes.ListEntryChanged, RealtimeEventTypes.ObjectDeleted, RealtimeEventTypes.Notification,
    ];

    private readonly List<Received> _received = [];
    private readonly Lock _lock = new();

    private HubListener(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in Methods)
        {
            connection.On<JsonElement>(method, payload =>
            {
                lock (_lock)
                {
                    _received.Add(new Received(method, payload.Clone()));
                }
            });
        }
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<Received> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Connects with a bearer token sent the way browser clients send it (<c>access_token</c> on WebSockets).</summary>
    public static Task<HubListener> ConnectAsync(Uri server, string? token) =>
        ConnectAsync(server, options => options.AccessTokenProvider = () => Task.FromResult(token));

    public static async Task<HubListener> ConnectAsync(Uri server, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> configure)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server, "/hubs/notifications"), configure).Build();
        var listener = new HubListener(connection);
        try
        {
            await connection.StartAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return listener;
    }

    /// <summary>The first event of this method that matches, waiting up to <paramref name="timeout"/> (default 10 s) for it.</summary>
    public async Task<JsonElement> WaitForAsync(string method, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = Received.FirstOrDefault(r => r.Method == method && (match?.Invoke(r.Payload) ?? true));
            if (found is not null)
            {
                return found.Payload;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching {method} within {(timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds} s; received: "
                    + string.Join(", ", Received.Select(r => $"{r.Method} {r.Payload}")));
            }

            await Task.Delay(10);
        }
    }

    public Task<JsonElement> WaitForRecordAsync(string method, Guid recordId, TimeSpan? timeout = null) =>
        WaitForAsync(method, e => e.GetProperty("recordId").GetGuid() == recordId, timeout);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>One event as the client received it.</summary>
public sealed record Received(string Method, JsonElement Payload);
