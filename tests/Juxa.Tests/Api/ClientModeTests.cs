using Juxa.Hosting;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Juxa.Tests.Api;

/// <summary>The API as a pure Orleans client of a separate silo host, both on ADO.NET clustering in PostgreSQL.</summary>
public sealed class ClientModeTests
{
    [Fact]
    public async Task An_api_in_client_mode_serves_requests_through_a_separate_silo()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clusterId = "client-mode-" + Guid.NewGuid().ToString("N")[..8];
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddInMemoryCollection(StandaloneSiloSettings.For(database, clusterId));
        siloBuilder.Services.AddJuxaData();
        siloBuilder.UseOrleans(silo => silo.UseJuxaSilo());
        using var silo = siloBuilder.Build();
        await silo.StartAsync();

        await using (var api = new JuxaApiFactory(database, new Dictionary<string, string?> { ["Juxa:Orleans:Mode"] = "Client" }) { ClusterId = clusterId })
        {
            api.StartKestrel();
            using var client = JuxaClient.WithKey(api.CreateHttpClient(), JuxaApiFactory.BootstrapKey);

            var workspace = await client.GetOkAsync("/api/v1/workspace");
            var ready = await client.GetOkAsync("/health/ready");
            var silos = await api.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

            Assert.Equal("Default", workspace["name"]!.GetValue<string>());
            Assert.Equal("healthy", ready["checks"]!["cluster"]!.GetValue<string>());
            Assert.Single(silos);
            Assert.Null(api.Services.GetService<Orleans.Runtime.ISiloStatusOracle>());
        }

        await silo.StopAsync();
    }
}
