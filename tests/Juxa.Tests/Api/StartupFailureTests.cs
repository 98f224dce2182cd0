using System.Diagnostics;
using System.Reflection;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// The built Juxa.Api and Juxa.Silo, started as an operator starts them, with a setting they cannot start with: each
/// stops at once with status 1 and one line naming the problem, not a stack trace (and not an abort's status 134). One
/// stopped by the operator before it had started (Ctrl-C while it waits for a silo) says so in one line, with status 0.
/// </summary>
public sealed class StartupFailureTests
{
    [Theory]
    [InlineData("Juxa.Api", "Juxa__Orleans__SiloPort", "abc", "Juxa.Api: Juxa:Orleans:SiloPort (environment Juxa__Orleans__SiloPort) must be a whole number, not 'abc'.")]
    [InlineData("Juxa.Api", "Juxa__Orleans__Mode", "Clinet", "Juxa.Api: Juxa:Orleans:Mode (environment Juxa__Orleans__Mode) must be one of CoHosted, Client, not 'Clinet'.")]
    [InlineData("Juxa.Api", "ConnectionStrings__Juxa", "garbage", "Juxa.Api: ConnectionStrings:Juxa (environment ConnectionStrings__Juxa) is not a valid PostgreSQL connection string")]
    [InlineData("Juxa.Api", "JUXA_BOOTSTRAP_API_KEY", "too-short", "Juxa.Api: JUXA_BOOTSTRAP_API_KEY must start with 'oc_sk_'")]
    [InlineData("Juxa.Silo", "API_KEY_RATE_LIMIT_PER_MINUTE", "lots", "Juxa.Silo: API_KEY_RATE_LIMIT_PER_MINUTE must be a whole number, not 'lots'.")]
    [InlineData("Juxa.Silo", "Juxa__Orleans__GatewayPrt", "30001", "Juxa.Silo: Juxa:Orleans:GatewayPrt (environment Juxa__Orleans__GatewayPrt) is not a setting")]
    public async Task A_bad_setting_stops_the_process_with_one_line_naming_it(string process, string variable, string value, string expected)
    {
        var (status, output) = await RunAsync(process, (variable, value));

        Assert.Equal(1, status);
        Assert.StartsWith(expected, Assert.Single(output));
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_stops_the_api_with_one_line()
    {
        var closedPort = FreePort.Next();

        var (status, output) = await RunAsync("Juxa.Api", ("ConnectionStrings__Juxa", $"Host=127.0.0.1;Port={closedPort};Database=juxa;Username=postgres;Timeout=5"));

        Assert.Equal(1, status);
        Assert.Equal($"Juxa.Api: cannot reach the database in ConnectionStrings:Juxa: Failed to connect to 127.0.0.1:{closedPort} (Connection refused)", Assert.Single(output));
    }

    [Fact]
    public async Task A_database_that_does_not_exist_stops_the_silo_with_one_line()
    {
        await using var database = await TestDatabase.CreateAsync();
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = database.Name + "_missing" }.ConnectionString;

        var (status, output) = await RunAsync("Juxa.Silo", ("ConnectionStrings__Juxa", missing));

        Assert.Equal(1, status);
        Assert.Equal($"Juxa.Silo: the database in ConnectionStrings:Juxa refused Juxa: 3D000: database \"{database.Name}_missing\" does not exist", Assert.Single(output));
    }

    [Fact]
    public async Task An_advertised_address_that_does_not_resolve_stops_the_silo_with_one_line()
    {
        await using var database = await TestDatabase.CreateAsync();

        var (status, output) = await RunAsync("Juxa.Silo", ("ConnectionStrings__Juxa", database.ConnectionString), ("Juxa__Orleans__AdvertisedAddress", "no-such-host.invalid"));

        Assert.Equal(1, status);
        Assert.StartsWith(
            "Juxa.Silo: Juxa:Orleans:AdvertisedAddress (environment Juxa__Orleans__AdvertisedAddress): 'no-such-host.invalid' cannot be resolved",
            Assert.Single(output));
    }

    [Fact]
    public async Task An_api_stopped_while_it_waits_for_a_silo_exits_with_one_line_and_status_0()
    {
        await using var database = await TestDatabase.CreateAsync();

        // A client-mode API with no silo in its cluster waits for a gateway, logging that it found none; then it is asked to stop.
        var (status, output) = await RunAsync(
            "Juxa.Api", interruptOn: "Could not find any gateway", ("ConnectionStrings__Juxa", database.ConnectionString), ("Juxa__Orleans__Mode", "Client"));

        Assert.True(status == 0, $"status {status}:\n{string.Join('\n', output)}");
        Assert.Equal("Juxa.Api: stopped before it had finished starting.", output[^1]);
        Assert.DoesNotContain(output, l => l.Contains("Exception", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    private static Task<(int Status, IReadOnlyList<string> Output)> RunAsync(string project, params (string Name, string Value)[] settings) =>
        RunAsync(project, interruptOn: null, settings);

    /// <summary>
    /// Runs the project's built dll from its own directory (the content root, as run.sh does); its exit status and non-empty output
    /// lines. With <paramref name="interruptOn"/>, sends it SIGTERM once a line of its output contains that text: the stop an
    /// orchestrator sends, handled as Ctrl-C's SIGINT is (which a test host started in the background may have set to be ignored).
    /// </summary>
    private static async Task<(int Status, IReadOnlyList<string> Output)> RunAsync(string project, string? interruptOn, params (string Name, string Value)[] settings)
    {
        var directory = Path.Combine(RepositoryRoot(), "src", project);
        var configuration = typeof(StartupFailureTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(directory, "bin", configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (./test.sh builds the solution).");
        var home = Directory.CreateTempSubdirectory("juxa-startup-");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Juxa__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ConnectionStrings__Juxa"] = "Host=127.0.0.1;Port=1;Database=juxa;Username=postgres";
        start.Environment["JUXA_HOME"] = home.FullName;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["Juxa__Orleans__SiloPort"] = FreePort.Next().ToString();
        start.Environment["Juxa__Orleans__GatewayPort"] = FreePort.Next().ToString();
        start.Environment["Juxa__Orleans__ClusterId"] = "startup-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = new Process { StartInfo = start };
            var lines = new List<string>();
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Collect(string? line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    return;
                }

                lock (lines)
                {
                    lines.Add(line.TrimEnd('\r'));
                }

                if (interruptOn is not null && line.Contains(interruptOn, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }

            process.OutputDataReceived += (_, e) => Collect(e.Data);
            process.ErrorDataReceived += (_, e) => Collect(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                if (interruptOn is not null)
                {
                    await seen.Task.WaitAsync(timeout.Token);
                    using var interrupt = Process.Start("kill", ["-TERM", process.Id.ToString()]);
                    await interrupt.WaitForExitAsync(timeout.Token);
                }

                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{project} was still running after 60 s: {string.Join('\n', lines)}");
            }

            return (process.ExitCode, lines);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Juxa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Juxa.sln not found above {AppContext.BaseDirectory}.");
    }
}
