using System.Net;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Juxa.Tests.Api;

/// <summary>Tests that need a host of their own: first start on an empty database, settings, restarts.</summary>
public sealed class HostLifecycleTests
{
    [Fact]
    public async Task First_start_generates_the_admin_key_into_a_private_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new JuxaApiFactory(database, new Dictionary<string, string?>
        {
            ["JUXA_BOOTSTRAP_API_KEY"] = null,
            ["JUXA_BOOTSTRAP_PASSWORD"] = null,
        });
        factory.CreateClient().Dispose();

        var keyFile = Path.Combine(factory.HomeDirectory, "bootstrap-admin-key");
        var passwordFile = Path.Combine(factory.HomeDirectory, "bootstrap-admin-password");
        var key = (await File.ReadAllTextAsync(keyFile)).Trim();
        using var client = JuxaClient.WithKey(factory.CreateClient(), key);
        var workspace = await client.GetOkAsync("/api/v1/workspace");
        using var login = new JuxaClient(factory.CreateClient());
        var session = await login.PostOkAsync("/api/v1/auth/login", new { email = "admin@localhost", password = (await File.ReadAllTextAsync(passwordFile)).Trim() });

        Assert.StartsWith("oc_sk_", key);
        Assert.True(OperatingSystem.IsLinux(), "Juxa runs and is tested on Linux.");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        }
        Assert.Equal("Default", workspace["name"]!.GetValue<string>());
        Assert.Equal("admin", session["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Data_survives_an_app_restart_and_bootstrap_runs_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        string token;
        await using (var first = new JuxaApiFactory(database))
        {
            using var admin = JuxaClient.WithKey(first.CreateClient(), JuxaApiFactory.BootstrapKey);
            await admin.PatchOkAsync("/api/v1/workspace", new { name = "Survivor" });
            token = (await admin.PostOkAsync("/api/v1/api-keys", new { name = "kept" }))["token"]!.GetValue<string>();
        }

        await using var second = new JuxaApiFactory(database, new Dictionary<string, string?> { ["JUXA_BOOTSTRAP_API_KEY"] = null });
        using var client = JuxaClient.WithKey(second.CreateClient(), token);
        var workspace = await client.GetOkAsync("/api/v1/workspace");
        var keys = await client.GetOkAsync("/api/v1/api-keys");

        Assert.Equal("Survivor", workspace["name"]!.GetValue<string>());
        Assert.Equal(2, keys["pagination"]!["total"]!.GetValue<int>());
        Assert.False(File.Exists(Path.Combine(second.HomeDirectory, "bootstrap-admin-key")));
    }

    [Fact]
    public async Task The_environment_sets_the_default_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new JuxaApiFactory(database, new Dictionary<string, string?> { ["API_KEY_RATE_LIMIT_PER_MINUTE"] = "3" });
        using var client = JuxaClient.WithKey(factory.CreateClient(), JuxaApiFactory.BootstrapKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/api/v1/workspace")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_off_unless_enabled()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new JuxaApiFactory(database, new Dictionary<string, string?> { ["Juxa:Orleans:Dashboard"] = "false" });
        using var @operator = await Juxa.Tests.Apps.AppsTestKit.OperatorAsync(new JuxaClient(factory.CreateClient()));

        var dashboard = await @operator.GetAsync("/dashboard/");
        var counters = await @operator.GetAsync("/dashboard/DashboardCounters");

        // The platform operator gets 200 where it is on (ScopeMatrixTests); here the pages do not exist.
        await dashboard.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await counters.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.False(Juxa.Hosting.OrleansHostingExtensions.JuxaOrleansOptions(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).Dashboard);
        // Nor does its metric reader (DashboardHost, a hosted service), which is what costs CPU.
        Assert.DoesNotContain(factory.Services.GetServices<IHostedService>(), s => s.GetType().Assembly == typeof(Orleans.Dashboard.DashboardOptions).Assembly);
    }

    [Fact]
    public async Task A_limit_of_zero_disables_limiting()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new JuxaApiFactory(database, new Dictionary<string, string?> { ["API_KEY_RATE_LIMIT_PER_MINUTE"] = "0" });
        using var client = JuxaClient.WithKey(factory.CreateClient(), JuxaApiFactory.BootstrapKey);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            responses.Add(await client.GetAsync("/api/v1/workspace"));
        }

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.False(r.Headers.Contains("RateLimit-Limit")));
    }

    /// <summary>The settings check refuses the key before the host is built (StartupFailureTests read the line it prints).</summary>
    [Fact]
    public async Task A_malformed_bootstrap_key_stops_the_start_before_the_database_is_touched()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new JuxaApiFactory(database, new Dictionary<string, string?> { ["JUXA_BOOTSTRAP_API_KEY"] = "too-short" });

        Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        await using var db = database.CreateDataSource();
        await using var migrated = db.CreateCommand("SELECT to_regclass('juxa_schema_migrations') IS NOT NULL");
        Assert.False((bool)(await migrated.ExecuteScalarAsync())!);
    }
}
