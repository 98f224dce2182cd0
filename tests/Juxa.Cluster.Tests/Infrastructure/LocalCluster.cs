using System.Diagnostics;
using Juxa.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>
/// A real cluster of Juxa.Silo and Juxa.Api processes, started and stopped with
/// <c>deploy/local/cluster.sh</c> (the dlls of this build, <c>--no-build</c>) in a private JUXA_HOME,
/// on its own cluster id and database. The tests kill nodes by pid with SIGKILL.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>The bootstrap admin key of every test cluster's database.</summary>
    public const string BootstrapKey = "oc_sk_cluster_test_bootstrap_key_0123456789abcdef";

    /// <summary>
    /// No request may take longer: Orleans' response timeout (30 s, a grain call to a silo that died
    /// mid-call ends there at the latest) plus a margin for a loaded machine.
    /// </summary>
    public static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(35);

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string?> _environment;
    private IHost? _client;

    private LocalCluster(string connectionString, IReadOnlyDictionary<string, string?> settings)
    {
        ConnectionString = connectionString;
        Home = Directory.CreateTempSubdirectory("juxa-cluster-").FullName;
        ClusterId = "fault-" + Guid.NewGuid().ToString("N")[..8];
        _environment = new Dictionary<string, string?>
        {
            ["JUXA_HOME"] = Home,
            ["ConnectionStrings__Juxa"] = connectionString,
            ["Juxa__Orleans__ClusterId"] = ClusterId,
            ["Juxa__Orleans__ServiceId"] = ClusterId,
            ["JUXA_BOOTSTRAP_API_KEY"] = BootstrapKey,
            ["JUXA_CLUSTER_CONFIGURATION"] = Repo.Configuration,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            // Nothing of the test runner's own environment that would change the nodes.
            ["ASPNETCORE_URLS"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        foreach (var (name, value) in settings)
        {
            _environment[name] = value;
        }
    }

    public string ConnectionString { get; }

    public string Home { get; }

    public string ClusterId { get; }

    public static async Task<LocalCluster> StartAsync(string connectionString, int silos, int apis, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var cluster = new LocalCluster(connectionString, settings ?? new Dictionary<string, string?>());
        try
        {
            await cluster.ScaleAsync(silos, apis);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every node in the list, dead ones (killed by a test) included.</summary>
    public IReadOnlyList<ClusterNode> Nodes =>
        File.ReadAllLines(Path.Combine(Home, "cluster", "nodes")).Where(l => l.Length > 0).Select(ClusterNode.Parse).ToList();

    public IReadOnlyList<ClusterNode> Silos => Nodes.Where(n => n.IsSilo).ToList();

    public IReadOnlyList<ClusterNode> Apis => Nodes.Where(n => !n.IsSilo).ToList();

    public ClusterNode Node(string name) => Nodes.Single(n => n.Name == name);

    /// <summary><c>cluster.sh up --silos N --apis M</c>: starts what is missing or dead, stops the surplus, waits until all are ready.</summary>
    public Task ScaleAsync(int silos, int apis) =>
        Shell.RunAsync(Repo.Path("deploy", "local", "cluster.sh"), ["up", "--silos", silos.ToString(), "--apis", apis.ToString(), "--no-build"], _environment, ScriptTimeout);

    /// <summary>SIGKILL: no graceful shutdown, no leaving the cluster.</summary>
    public static void Kill(ClusterNode node)
    {
        using var process = Process.GetProcessById(node.Pid);
        process.Kill();
        process.WaitForExit(10_000);
    }

    public HttpClient Http(ClusterNode node, string? key = BootstrapKey, TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = node.Url, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }

        return http;
    }

    public string LogTail(ClusterNode node, int lines = 40)
    {
        var path = Path.Combine(Home, "cluster", node.Name + ".log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : "(no log)";
    }

    /// <summary>An Orleans client of this cluster (started on first use), to see where grains are activated.</summary>
    public async Task<IClusterClient> OrleansClientAsync()
    {
        if (_client is null)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Juxa"] = ConnectionString,
                ["Juxa:Orleans:ClusterId"] = ClusterId,
                ["Juxa:Orleans:ServiceId"] = ClusterId,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.UseOrleansClient(client => client.UseJuxaClient());
            var host = builder.Build();
            await host.StartAsync();
            _client = host;
        }

        return _client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The node whose silo endpoint is <paramref name="silo"/>.</summary>
    public ClusterNode SiloAt(SiloAddress silo) => Silos.Single(n => n.SiloPort == silo.Endpoint.Port);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (Exception)
            {
                // The cluster may be gone already; the client is dropped anyway.
            }

            _client.Dispose();
        }

        await Shell.RunAsync(Repo.Path("deploy", "local", "cluster.sh"), ["down"], _environment, ScriptTimeout);
        Directory.Delete(Home, recursive: true);
    }
}
