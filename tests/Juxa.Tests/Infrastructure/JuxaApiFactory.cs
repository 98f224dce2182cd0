using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Juxa.Tests.Infrastructure;

/// <summary>
/// The real API with a co-hosted silo on ADO.NET clustering, storage and reminders, against a
/// real PostgreSQL test database: the same path a production start takes. Each factory gets
/// its own cluster id and ports, so factories never join each other by accident.
/// </summary>
public sealed class JuxaApiFactory(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The bootstrap admin key every test database starts with.</summary>
    public const string BootstrapKey = "oc_sk_test_bootstrap_admin_key_0123456789abcdef";

    public const string BootstrapEmail = "admin@localhost";

    public const string BootstrapPassword = "bootstrap-password-for-tests";

    public string HomeDirectory { get; } = Directory.CreateTempSubdirectory("juxa-home-").FullName;

    public string ClusterId { get; init; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A provider that receives the host's logs besides <see cref="ServerErrors"/> (filtered by the host's settings).</summary>
    public ILoggerProvider? Logs { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Juxa"] = database.ConnectionString,
            ["Juxa:Orleans:ClusterId"] = ClusterId,
            ["Juxa:Orleans:SiloPort"] = FreePort.Next().ToString(),
            ["Juxa:Orleans:GatewayPort"] = FreePort.Next().ToString(),
            ["JUXA_HOME"] = HomeDirectory,
            ["JUXA_BOOTSTRAP_API_KEY"] = BootstrapKey,
            ["JUXA_BOOTSTRAP_EMAIL"] = BootstrapEmail,
            ["JUXA_BOOTSTRAP_PASSWORD"] = BootstrapPassword,
            ["Logging:LogLevel:Default"] = "Warning",
            // Every test signs up from 127.0.0.1; SignInThrottleTests turn it on for a host of their own.
            ["Juxa:Auth:AttemptsPerMinute"] = "0",
            // Off by default; on here so that its access rules are tested. HostLifecycleTests start a host without it.
            ["Juxa:Orleans:Dashboard"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(ServerErrors.Provider);
            if (Logs is not null)
            {
                logging.AddProvider(Logs);
            }
        });
        // Host settings reach Program's builder.Configuration before its code runs (the Orleans
        // mode is chosen there); app-configuration callbacks would only apply at Build().
        foreach (var (key, value) in values)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// Serves on a real Kestrel server on a free loopback port, rather than the in-memory
    /// TestServer: request limits, chunked bodies and WebSockets then behave as in production.
    /// Use <see cref="CreateHttpClient"/> to talk to it.
    /// </summary>
    public JuxaApiFactory StartKestrel()
    {
        UseKestrel(0);
        CreateClient().Dispose();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ServerAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return this;
    }

    /// <summary>The Kestrel address once <see cref="StartKestrel"/> ran.</summary>
    public Uri? ServerAddress { get; private set; }

    /// <summary>A plain HttpClient to the real server, keeping cookies when asked (a browser-like session).</summary>
    public HttpClient CreateHttpClient(bool cookies = false) =>
        new(new SocketsHttpHandler { UseCookies = cookies, CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = ServerAddress ?? throw new InvalidOperationException("Call StartKestrel first."),
        };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(HomeDirectory, recursive: true);
    }
}
