using Juxa.Database;
using Juxa.Errors;
using Juxa.Hosting;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace Juxa.Tests.Grains;

/// <summary>
/// A grain call that fails because PostgreSQL is out of reach reaches its caller, across the wire, as
/// <c>503 SERVICE_UNAVAILABLE</c> (<see cref="DatabaseOutageFilter"/>). Npgsql's own exception has no Orleans
/// codec, so without the filter the caller gets a codec error and the API answers 500. A cluster of its own,
/// whose database is a loopback port nobody listens on.
/// </summary>
public sealed class DatabaseOutageFilterTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Juxa"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=juxa;Timeout=2",
            ["JUXA_HOME"] = Directory.CreateTempSubdirectory("juxa-outage-").FullName,
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.Services.AddJuxaData();
            // The database is down from the start: no migrations at startup.
            silo.Services.Remove(silo.Services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(DatabaseInitializer)));
            silo.Services.AddJuxaSerialization();
            silo.AddIncomingGrainCallFilter<DatabaseOutageFilter>();
        });
        builder.ConfigureClient(client => client.Services.AddJuxaSerialization());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_grain_call_that_cannot_reach_the_database_fails_as_service_unavailable()
    {
        var record = _cluster.Client.GetGrain<IRecordGrain>(Guid.NewGuid());

        var error = await Assert.ThrowsAsync<JuxaException>(() => record.GetAsync(Guid.NewGuid(), "people"));

        Assert.Equal(503, error.Status);
        Assert.Equal(ErrorCodes.ServiceUnavailable, error.Code);
        Assert.Contains("database is briefly unavailable", error.Message);
    }
}
