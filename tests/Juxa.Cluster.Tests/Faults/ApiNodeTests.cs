using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Cluster.Tests.Infrastructure;
using Juxa.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Juxa.Cluster.Tests.Faults;

/// <summary>One silo and two API nodes, shared by the API-node tests (the kill test brings its node back).</summary>
public sealed class OneSiloTwoApis : IAsyncLifetime
{
    public const int SignInAttemptsPerMinute = 4;

    private TestDatabase? _database;

    public LocalCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Cluster = await LocalCluster.StartAsync(_database.ConnectionString, silos: 1, apis: 2,
            new Dictionary<string, string?> { ["API_KEY_RATE_LIMIT_PER_MINUTE"] = "0", ["Juxa__Auth__AttemptsPerMinute"] = SignInAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>Issue 7, faults 2 and 5: an API node dies; an event crosses API nodes.</summary>
[Trait("Category", "Cluster")]
public sealed class ApiNodeTests(OneSiloTwoApis fixture, ITestOutputHelper output) : IClassFixture<OneSiloTwoApis>
{
    private LocalCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_write_through_one_api_node_reaches_a_signalr_client_of_the_other()
    {
        var (api1, api2) = (Cluster.Node("api-1"), Cluster.Node("api-2"));
        // Every recordCreated by record id: the event may arrive before the POST's own answer does.
        var received = new System.Collections.Concurrent.ConcurrentDictionary<Guid, JsonElement>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api2.Url, "/hubs/notifications"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(LocalCluster.BootstrapKey))
            .Build();
        hub.On<JsonElement>("recordCreated", e => received[e.GetProperty("recordId").GetGuid()] = e.Clone());
        await hub.StartAsync();
        // api-2's host registration reaches the notifiers within about a second (docs/realtime.md).
        await Task.Delay(TimeSpan.FromSeconds(2));

        using var http = Cluster.Http(api1);
        // One unmeasured write first: the first request of a fresh cluster activates the workspace's grains.
        (await http.PostAsJsonAsync("/api/v1/objects/companies/records", new { values = new { name = "Warm-up" } })).Dispose();
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/api/v1/objects/companies/records", new { values = new { name = "Across Nodes" } });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!;
        var id = created["id"]!.GetValue<Guid>();
        await Wait.UntilAsync(() => received.ContainsKey(id), TimeSpan.FromSeconds(15), "the event on api-2's client");
        var e = received[id];
        Measurements.Report(output, "cross-node real-time", $"POST on api-1 to recordCreated on api-2's client: {clock.ElapsedMilliseconds} ms");

        Assert.Equal("companies", e.GetProperty("object").GetString());
        var workspace = (await http.GetFromJsonAsync<JsonObject>("/api/v1/workspace"))!["data"]!["id"]!.GetValue<Guid>();
        Assert.Equal(workspace, e.GetProperty("workspaceId").GetGuid());
        Assert.True(e.GetProperty("sequence").GetInt64() > 0);
    }

    [Fact]
    public async Task A_key_revoked_through_one_api_node_is_refused_at_once_by_the_other()
    {
        var (api1, api2) = (Cluster.Node("api-1"), Cluster.Node("api-2"));
        using var admin = Cluster.Http(api1);
        using var created = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "revoked across nodes" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["data"]!;
        using var onApi2 = Cluster.Http(api2, key["token"]!.GetValue<string>());
        // The cluster runs without a rate limit, so api-2 keeps the key's decision instead of asking its grain each time.
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await onApi2.GetAsync("/api/v1/workspace");
            Assert.Equal(System.Net.HttpStatusCode.OK, allowed.StatusCode);
        }

        using var revoked = await admin.DeleteAsync($"/api/v1/api-keys/{key["id"]}");
        using var after = await onApi2.GetAsync("/api/v1/workspace");

        Assert.Equal(System.Net.HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_in_attempts_spread_over_both_api_nodes_share_one_limit()
    {
        var (api1, api2) = (Cluster.Node("api-1"), Cluster.Node("api-2"));
        using var http1 = Cluster.Http(api1, key: null);
        using var http2 = Cluster.Http(api2, key: null);
        var attempt = new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "wrong password" };

        // Half the limit on each node: each node alone would allow all of them, and more.
        var allowed = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < OneSiloTwoApis.SignInAttemptsPerMinute; i++)
        {
            using var response = await (i % 2 == 0 ? http1 : http2).PostAsJsonAsync("/api/v1/auth/login", attempt);
            allowed.Add(response.StatusCode);
        }

        using var onApi1 = await http1.PostAsJsonAsync("/api/v1/auth/login", attempt);
        using var onApi2 = await http2.PostAsJsonAsync("/api/v1/auth/login", attempt);

        Assert.All(allowed, status => Assert.Equal(System.Net.HttpStatusCode.Unauthorized, status));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, onApi1.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, onApi2.StatusCode);
        Assert.Contains("RATE_LIMITED", await onApi2.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Killing_an_api_node_leaves_the_other_serving_and_its_signalr_clients_resume_on_the_other_without_missing_a_record()
    {
        var (api1, api2) = (Cluster.Node("api-1"), Cluster.Node("api-2"));
        try
        {
            // The client reaches the cluster through a load balancer that prefers api-2 while it lives.
            await using var balancer = new FailoverProxy([api2.Url, api1.Url]);
            await using var client = await GapRuleClient.ConnectAsync(balancer.Url, LocalCluster.BootstrapKey, "companies");
            Assert.All(balancer.Routed, backend => Assert.Equal(api2.Url, backend));
            await Task.Delay(TimeSpan.FromSeconds(2));

            var clock = Stopwatch.StartNew();
            var load = WriteLoad.Start(clock, _ => Cluster.Http(api1), workers: 2, prefix: "api-kill", pause: TimeSpan.FromMilliseconds(50));
            await Wait.UntilAsync(() => client.Events >= 10, TimeSpan.FromSeconds(30), "10 live events before the kill");

            var killedAt = clock.Elapsed;
            var killedAtWall = DateTimeOffset.UtcNow;
            LocalCluster.Kill(api2);
            await Wait.UntilAsync(() => client.Reconnects > 0, TimeSpan.FromSeconds(60), "the hub client to reconnect");
            var reconnectedAfter = client.ReconnectedAt!.Value - killedAtWall;
            var eventsAtReconnect = client.Events;
            await Wait.UntilAsync(() => client.Events >= eventsAtReconnect + 10, TimeSpan.FromSeconds(30), "10 live events after the reconnect");
            await load.StopAsync();

            // A last write: if any event before it was lost, its sequence shows the gap and the client re-fetches.
            using var http = Cluster.Http(api1);
            using var last = await http.PostAsJsonAsync("/api/v1/objects/companies/records", new { values = new { name = "api-kill-last" } });
            var lastId = (await last.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["id"]!.GetValue<Guid>();
            await Wait.UntilAsync(() => client.Knows(lastId), TimeSpan.FromSeconds(30), "the last write to reach the client");
            await client.IdleAsync(TimeSpan.FromSeconds(60));

            var attempts = load.Attempts;
            var failed = attempts.Where(a => !a.Succeeded).ToList();
            var missing = client.Missing(load.Acknowledged);
            Measurements.Report(output, "API node kill", $"{load.Acknowledged.Count} writes through api-1, {failed.Count} failed; the hub client reconnected " +
                $"through the balancer {Measurements.Seconds(reconnectedAfter)} after SIGKILL of api-2; {client.Events} events applied, " +
                $"{client.Gaps} gap(s) seen, {client.Refetches} re-fetch(es); {missing.Count} acknowledged records missing");

            Assert.Empty(failed);
            Assert.Contains(attempts, a => a.Started > killedAt && a.Succeeded);
            Assert.Equal(api1.Url, balancer.Routed[^1]);
            Assert.True(missing.Count == 0, $"Missing after the kill: {string.Join(", ", missing.Select(id => $"{id} (acknowledged at {Measurements.Seconds(attempts.Single(a => a.Id == id).Ended)}, kill at {Measurements.Seconds(killedAt)})"))}");
        }
        finally
        {
            // Bring api-2 back for the other tests of this class.
            await Cluster.ScaleAsync(silos: 1, apis: 2);
        }
    }
}
