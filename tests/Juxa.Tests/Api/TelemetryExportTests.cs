using Juxa.Hosting;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Juxa.Tests.Api;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, an API node and a standalone silo each export traces and metrics over
/// OTLP under their own service name, and the traces hold the grain calls (Orleans' activity propagation) and the
/// PostgreSQL statements they made: in a cluster those run on the silos.
/// </summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task An_api_node_exports_its_requests_grain_calls_and_statements()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await using var host = new JuxaApiFactory(database, receiver.Settings).StartKestrel();
        using var client = JuxaClient.WithKey(host.CreateHttpClient(), JuxaApiFactory.BootstrapKey);

        await client.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Traced Person" } });

        await Eventually.HoldsAsync("the create's trace: its request, its record grain call and its statements",
            () => receiver.ReceivedAll("/v1/traces", "juxa-api", "/api/v1/objects/{slug}/records", "IRecordGrain", "postgresql"));
        await Eventually.HoldsAsync("Orleans' and Npgsql's metrics", () => receiver.ReceivedAll("/v1/metrics", "juxa-api", "orleans", "db.client"));
    }

    [Fact]
    public async Task A_standalone_silo_exports_its_grain_calls_and_statements_under_its_own_name()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        // Wired as Juxa.Silo's Program wires it.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(StandaloneSiloSettings.For(database, "telemetry-" + Guid.NewGuid().ToString("N")[..8]));
        builder.Configuration.AddInMemoryCollection(receiver.Settings);
        builder.Services.AddJuxaData();
        builder.UseOrleans(silo => silo.UseJuxaSilo());
        builder.AddJuxaTelemetry("juxa-silo");
        await using var app = builder.Build();
        await app.StartAsync();

        // A stream grain reserves its first sequence block in grain storage: a grain call that writes to PostgreSQL.
        var stream = RealtimeGroups.Workspace(Guid.NewGuid());
        await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IRealtimeStreamGrain>(stream).PublishAsync(new RealtimeMessage([stream],
            RealtimeEvent.Create(RealtimeEventTypes.RecordCreated, Guid.NewGuid(), "people", Guid.NewGuid(), new Actor(Actor.Member, Guid.NewGuid()),
                at: DateTimeOffset.UtcNow)));

        await Eventually.HoldsAsync("the silo's trace of the grain call and its statement",
            () => receiver.ReceivedAll("/v1/traces", "juxa-silo", "IRealtimeStreamGrain", "postgresql"));
        await Eventually.HoldsAsync("the silo's Orleans metrics", () => receiver.ReceivedAll("/v1/metrics", "juxa-silo", "orleans"));
        await app.StopAsync();
    }
}
