using Juxa.Hosting;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace Juxa.Tests.Grains;

/// <summary>
/// One in-process Orleans cluster for the grain tests, with the grains' real data access on a
/// real PostgreSQL test database. Clustering is in-memory (the ADO.NET path is covered by the API tests).
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public NpgsqlDataSource Db { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Db = Database.CreateDataSource();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Juxa"] = Database.ConnectionString,
            ["JUXA_HOME"] = Directory.CreateTempSubdirectory("juxa-grains-").FullName,
            ["JUXA_BOOTSTRAP_API_KEY"] = JuxaApiFactory.BootstrapKey,
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.Services.AddJuxaData();
            silo.AddJuxaRecordCopies();
            silo.Services.AddJuxaSerialization();
        });
        builder.ConfigureClient(client => client.Services.AddJuxaSerialization());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Db is not null)
        {
            await Db.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grains";
}
