using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.ApiKeys;
using Juxa.Records.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

namespace Juxa.Hosting;

/// <summary>
/// The one silo and client configuration that Juxa.Api (co-hosted or client) and Juxa.Silo share.
/// Settings are read from the host's final <see cref="IConfiguration"/> when options are first
/// resolved, so every configuration source (including test hosts') is seen.
/// </summary>
public static class OrleansHostingExtensions
{
    /// <summary>The ADO.NET provider invariant for PostgreSQL (Npgsql registers its factory itself).</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>How often the Orleans dashboard samples the silo's counters.</summary>
    private const int DashboardCounterIntervalMs = 5000;

    /// <summary>ADO.NET clustering, grain storage and reminders on the Juxa PostgreSQL database.</summary>
    public static ISiloBuilder UseJuxaSilo(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddOptions<ClusterOptions>().Configure<IConfiguration>(ConfigureCluster);
        services.AddOptions<EndpointOptions>().Configure<IConfiguration>((endpoints, configuration) =>
        {
            var options = JuxaOrleansOptions(configuration);
            endpoints.SiloPort = options.SiloPort;
            endpoints.GatewayPort = options.GatewayPort;
            if (options.Kubernetes && string.IsNullOrWhiteSpace(options.AdvertisedAddress))
            {
                // Kubernetes hosting fills in the pod IP and any-address listening endpoints, but only where they are unset.
                return;
            }

            endpoints.AdvertisedIPAddress = options.AdvertisedIPAddress();
            if (options.ListenOnAnyAddress)
            {
                endpoints.SiloListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Any, options.SiloPort);
                endpoints.GatewayListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Any, options.GatewayPort);
            }
        });
        services.AddOptions<ClusterMembershipOptions>().Configure<IConfiguration>((membership, configuration) =>
            membership.NumMissedProbesLimit = JuxaOrleansOptions(configuration).MissedProbesLimit);
        silo.UseAdoNetClustering(clustering => clustering.Configure<IConfiguration>((o, configuration) =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = JuxaConnectionString(configuration);
        }));
        silo.AddAdoNetGrainStorage(StorageNames.Grains, storage => storage.Configure<IConfiguration>((o, configuration) =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = JuxaConnectionString(configuration);
        }));
        // System.Text.Json from the first row written: the default (Newtonsoft) storage serializer
        // corrupts JsonElement state, and rows written by one serializer cannot be read by the other.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.UseAdoNetReminderService(reminders => reminders.Configure<IConfiguration>((o, configuration) =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = JuxaConnectionString(configuration);
        }));
        services.AddJuxaSerialization();
        CachingGrainInterfaceTypeProvider.Register(services);
        services.AddJuxaRealtimePublisher();
        silo.AddJuxaRecordCopies();
        services.AddSingleton<AttributeIndexRepairer>();
        services.AddHostedService(sp => sp.GetRequiredService<AttributeIndexRepairer>());
        // The dashboard's grains run on every silo; API hosts (co-hosted or clients) serve its pages at /dashboard.
        // Opt-in (JuxaOrleansOptions.Dashboard): its metric reader walks every activation and the directory cache.
        // Its own counters are sampled every 5 s, not every second (3 % of the API's CPU in the chat benchmark at 1 s).
        if (JuxaOrleansOptions(silo.Configuration).Dashboard)
        {
            silo.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = DashboardCounterIntervalMs);
        }

        if (TelemetryExtensions.Enabled(silo.Configuration))
        {
            // Grain calls as spans, in the trace of the request that made them (see TelemetryExtensions).
            silo.AddActivityPropagation();
        }

        services.AddOptions<RateLimitOptions>().Configure<IConfiguration>((limit, configuration) =>
        {
            if (int.TryParse(configuration["API_KEY_RATE_LIMIT_PER_MINUTE"], out var perMinute))
            {
                limit.PerMinute = perMinute;
            }
        });
        return silo;
    }

    /// <summary>A client of the cluster, finding gateways through the ADO.NET membership table.</summary>
    public static IClientBuilder UseJuxaClient(this IClientBuilder client)
    {
        client.Services.AddOptions<ClusterOptions>().Configure<IConfiguration>(ConfigureCluster);
        client.UseAdoNetClustering(clustering => clustering.Configure<IConfiguration>((o, configuration) =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = JuxaConnectionString(configuration);
        }));
        client.Services.AddJuxaSerialization();
        CachingGrainInterfaceTypeProvider.Register(client.Services);
        if (JuxaOrleansOptions(client.Configuration).Dashboard)
        {
            client.AddDashboard();
        }

        if (TelemetryExtensions.Enabled(client.Configuration))
        {
            client.AddActivityPropagation();
        }

        return client;
    }

    /// <summary>
    /// Orleans has no codec for System.Text.Json's DOM types: route them through System.Text.Json.
    /// Registered on silos and clients alike, or a grain interface that mentions them fails at GetGrain.
    /// </summary>
    public static IServiceCollection AddJuxaSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type)));

    public static JuxaOrleansOptions JuxaOrleansOptions(IConfiguration configuration) =>
        configuration.GetSection(Hosting.JuxaOrleansOptions.Section).Get<JuxaOrleansOptions>() ?? new JuxaOrleansOptions();

    public static string JuxaConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Juxa")
        ?? throw new InvalidOperationException("ConnectionStrings:Juxa is not set (environment: ConnectionStrings__Juxa). ./run.sh sets it for a local PostgreSQL.");

    private static void ConfigureCluster(ClusterOptions cluster, IConfiguration configuration)
    {
        var options = JuxaOrleansOptions(configuration);
        cluster.ClusterId = options.ClusterId;
        cluster.ServiceId = options.ServiceId;
    }
}
