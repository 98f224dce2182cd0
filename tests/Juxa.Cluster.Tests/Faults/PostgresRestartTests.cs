using System.Diagnostics;
using Juxa.Cluster.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Juxa.Cluster.Tests.Faults;

/// <summary>Issue 7, fault 4: <c>pg_ctl restart</c> under load (1 silo, 1 API node, a PostgreSQL of the test's own).</summary>
[Trait("Category", "Cluster")]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_a_postgres_restart_under_load_the_cluster_recovers_by_itself_and_no_acknowledged_write_is_lost()
    {
        await using var server = await PrivatePostgres.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(server.ConnectionString, silos: 1, apis: 1,
            new Dictionary<string, string?> { ["API_KEY_RATE_LIMIT_PER_MINUTE"] = "0" });
        var api = cluster.Apis.Single();
        var clock = Stopwatch.StartNew();
        var load = WriteLoad.Start(clock, _ => cluster.Http(api, timeout: TimeSpan.FromSeconds(60)), workers: 4, prefix: "pg-restart");
        await Wait.UntilAsync(() => load.Acknowledged.Count >= 40, TimeSpan.FromSeconds(60), "40 acknowledged writes before the restart");

        var restartAt = clock.Elapsed;
        await server.RestartAsync();
        var restartedAt = clock.Elapsed;
        await Wait.UntilAsync(() => clock.Elapsed - restartedAt > TimeSpan.FromSeconds(3) && load.HealthyFor(TimeSpan.FromSeconds(5)),
            TimeSpan.FromSeconds(90), "5 s of clean writes after the restart");
        await load.StopAsync();

        var attempts = load.Attempts;
        var failed = attempts.Where(a => a.Ended >= restartAt && !a.Succeeded).ToList();
        var gap = failed.Count == 0 ? TimeSpan.Zero : failed.Max(a => a.Started) - restartAt;
        var slowest = attempts.Max(a => a.Latency);
        var acknowledged = load.Acknowledged;
        Measurements.Report(output, "PostgreSQL restart", $"pg_ctl restart took {Measurements.Seconds(restartedAt - restartAt)}; " +
            $"requests failed for {Measurements.Seconds(gap)} from its start (bound {Measurements.Seconds(RecoveryBound)}): {failed.Count} failed " +
            $"({failed.Failures()}); " +
            $"slowest request {Measurements.Seconds(slowest)} (bound {Measurements.Seconds(LocalCluster.RequestBound)}); {acknowledged.Count} writes acknowledged");

        Assert.True(gap < RecoveryBound, $"Requests kept failing for {gap}: {string.Join("; ", failed.TakeLast(3).Select(a => a.Error))}");
        Assert.True(slowest < LocalCluster.RequestBound, $"A request took {slowest}.");
        // A failure says it is one to retry (503 with Retry-After), never a bug (500).
        Assert.All(failed, a => Assert.True(a.Status == 503, $"Failed with {a.Error}"));

        // Every acknowledged write is in PostgreSQL, and readable through the API.
        await using var db = NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = db.CreateCommand("SELECT id FROM records WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = acknowledged.ToArray() });
        var stored = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetGuid(0));
            }
        }

        var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.Empty(lost);
        using var http = cluster.Http(api);
        foreach (var id in acknowledged.Where((_, i) => i % 10 == 0))
        {
            using var response = await http.GetAsync($"/api/v1/objects/companies/records/{id}");
            Assert.True(response.IsSuccessStatusCode, $"GET {id}: {(int)response.StatusCode}");
        }
    }
}
