using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>
/// A hub client that keeps a mirror of one object's record ids the way docs/realtime.md tells clients
/// to: apply <c>recordCreated</c> events in sequence order, re-fetch the list (REST, the source of
/// truth) on a gap (<c>sequence &gt; last + 1</c>) and after every (re)connect, ignore old events.
/// It reconnects on its own (SignalR's automatic reconnect) through the same URL, as a browser behind
/// a load balancer would.
/// </summary>
public sealed class GapRuleClient : IAsyncDisposable
{
    private readonly HttpClient _rest;
    private readonly string _objectSlug;
    private readonly HashSet<Guid> _known = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _refetching = new(1, 1);
    private long? _last;
    private int _pendingRefetches;

    private GapRuleClient(Uri server, string key, string objectSlug)
    {
        _objectSlug = objectSlug;
        _rest = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        _rest.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/notifications"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .WithAutomaticReconnect(new EveryHalfSecond())
            .Build();
        Connection.On<JsonElement>("recordCreated", OnRecordCreated);
        Connection.Reconnected += async _ =>
        {
            Interlocked.Increment(ref _reconnects);
            ReconnectedAt = DateTimeOffset.UtcNow;
            // Rule 5: a (re)connect starts a new baseline, and what happened meanwhile is re-fetched.
            lock (_lock)
            {
                _last = null;
            }

            Interlocked.Increment(ref _pendingRefetches);
            try
            {
                await RefetchAsync();
            }
            finally
            {
                Interlocked.Decrement(ref _pendingRefetches);
            }
        };
    }

    public HubConnection Connection { get; }

    private int _reconnects;
    private int _gaps;
    private int _refetches;
    private int _events;

    public int Reconnects => Volatile.Read(ref _reconnects);

    public int Gaps => Volatile.Read(ref _gaps);

    public int Refetches => Volatile.Read(ref _refetches);

    public int Events => Volatile.Read(ref _events);

    public DateTimeOffset? ReconnectedAt { get; private set; }

    public static async Task<GapRuleClient> ConnectAsync(Uri server, string key, string objectSlug)
    {
        var client = new GapRuleClient(server, key, objectSlug);
        await client.Connection.StartAsync();
        await client.RefetchAsync();
        return client;
    }

    /// <summary>Until no re-fetch is queued or running: the mirror then holds all the client will learn.</summary>
    public Task IdleAsync(TimeSpan timeout) =>
        Wait.UntilAsync(() => Volatile.Read(ref _pendingRefetches) == 0, timeout, "the client's re-fetches to finish");

    public bool Knows(Guid id)
    {
        lock (_lock)
        {
            return _known.Contains(id);
        }
    }

    public IReadOnlyList<Guid> Missing(IEnumerable<Guid> ids)
    {
        lock (_lock)
        {
            return ids.Where(id => !_known.Contains(id)).ToList();
        }
    }

    private void OnRecordCreated(JsonElement e)
    {
        if (e.GetProperty("object").GetString() != _objectSlug)
        {
            return;
        }

        var sequence = e.GetProperty("sequence").GetInt64();
        var gap = false;
        lock (_lock)
        {
            if (_last is { } last && sequence <= last)
            {
                return; // Rule 4: old news.
            }

            gap = _last is { } previous && sequence > previous + 1;
            _last = sequence;
            _known.Add(e.GetProperty("recordId").GetGuid());
        }

        Interlocked.Increment(ref _events);
        if (gap)
        {
            // Rule 3: something was missed; the list is the truth. Off the receive loop, so events keep coming.
            Interlocked.Increment(ref _gaps);
            Interlocked.Increment(ref _pendingRefetches);
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefetchAsync();
                }
                finally
                {
                    Interlocked.Decrement(ref _pendingRefetches);
                }
            });
        }
    }

    /// <summary>Every record id of the object, page by page, into the mirror; retried for a while if the API fails meanwhile.</summary>
    public async Task RefetchAsync()
    {
        await _refetching.WaitAsync();
        try
        {
            Interlocked.Increment(ref _refetches);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await FetchAllAsync();
                    return;
                }
                catch (Exception) when (attempt < 60)
                {
                    await Task.Delay(500);
                }
            }
        }
        finally
        {
            _refetching.Release();
        }
    }

    private async Task FetchAllAsync()
    {
        for (var offset = 0; ; offset += 200)
        {
            var page = await _rest.GetFromJsonAsync<JsonObject>($"/api/v1/objects/{_objectSlug}/records?limit=200&offset={offset}");
            var records = page!["data"]!["records"]!.AsArray();
            lock (_lock)
            {
                foreach (var record in records)
                {
                    _known.Add(record!["id"]!.GetValue<Guid>());
                }
            }

            if (records.Count < 200)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _rest.Dispose();
    }

    /// <summary>Retry every half second for two minutes: a node's death should cost a client about that much.</summary>
    private sealed class EveryHalfSecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) =>
            context.ElapsedTime < TimeSpan.FromMinutes(2) ? TimeSpan.FromMilliseconds(500) : null;
    }
}
