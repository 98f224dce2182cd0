using Juxa.ApiKeys;
using Juxa.Database;
using Juxa.Hosting;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Juxa.Tests.Grains;

/// <summary>
/// A grain that cannot reach PostgreSQL fails its caller, across the wire, with Npgsql's own transient exception,
/// which the API answers with 503 (<see cref="NpgsqlExceptionCodec"/>). Without those codecs the caller got Orleans'
/// "could not find a codec" and the API answered 500. A cluster of its own, whose database is a loopback port
/// nobody listens on.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
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
            silo.AddJuxaRecordCopies();
            // The database is down from the start: no migrations at startup.
            silo.Services.Remove(silo.Services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(DatabaseInitializer)));
            silo.Services.AddJuxaSerialization();
        });
        builder.ConfigureClient(client => client.Services.AddJuxaSerialization());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_grain_method_that_cannot_reach_the_database_fails_with_a_transient_database_error()
    {
        // RecordGrain reads its record on the first call, not on activation.
        var record = _cluster.Client.GetGrain<IRecordGrain>(Guid.NewGuid());

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => record.GetAsync(Guid.NewGuid(), "people"));

        Assert.True(error.IsTransient, error.ToString());
    }

    [Fact]
    public async Task A_grain_activation_that_cannot_reach_the_database_fails_with_a_transient_database_error()
    {
        // ApiKeyGrain reads its key when it activates: a failure there reaches the caller by another path.
        var key = _cluster.Client.GetGrain<IApiKeyGrain>(Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray()));

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => key.AuthorizeAsync());

        Assert.True(error.IsTransient, error.ToString());
    }

    [Fact]
    public void A_postgres_error_keeps_its_fields_across_the_wire()
    {
        var serializer = _cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        Exception sent = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown,
            detail: "detail", constraintName: "records_pkey", tableName: "records");

        var received = Assert.IsType<PostgresException>(serializer.Deserialize<Exception>(serializer.SerializeToArray(sent)));

        Assert.Equal(PostgresErrorCodes.AdminShutdown, received.SqlState);
        Assert.True(received.IsTransient);
        Assert.Equal(("FATAL", "detail", "records_pkey", "records"), (received.Severity, received.Detail, received.ConstraintName, received.TableName));
        Assert.Equal(sent.Message, received.Message);
    }
}
