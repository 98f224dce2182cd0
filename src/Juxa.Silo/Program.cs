using Juxa.Hosting;
using Juxa.Silo;

// A standalone silo for cluster mode: the same grains and storage as the co-hosted API, plus
// liveness and readiness probes for orchestrators on its own small HTTP port.

// Read after a failed start too, when the host (and its services) are already disposed.
var (started, stopping) = (CancellationToken.None, CancellationToken.None);
try
{
    var builder = WebApplication.CreateBuilder(args);
    SettingsValidator.ThrowIfInvalid(builder.Configuration);
    if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
    {
        builder.WebHost.UseUrls("http://localhost:3078");
    }

    builder.Services.AddJuxaData();
    builder.UseOrleans(silo =>
    {
        silo.UseJuxaSilo();
        if (OrleansHostingExtensions.JuxaOrleansOptions(builder.Configuration).Kubernetes)
        {
            silo.UseKubernetesHosting();
        }
    });
    builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo", tags: ["ready"]);
    builder.AddJuxaTelemetry("juxa-silo");

    var app = builder.Build();
    (started, stopping) = (app.Lifetime.ApplicationStarted, app.Lifetime.ApplicationStopping);
    app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
    app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
    app.Run();
    return 0;
}
catch (Exception) when (stopping.IsCancellationRequested && !started.IsCancellationRequested)
{
    // Ctrl-C or SIGTERM before the start had finished: whatever the start then threw is the stop that was asked for, not
    // a failure, so no stack trace.
    Console.Error.WriteLine("Juxa.Silo: stopped before it had finished starting.");
    return 0;
}
catch (Exception e) when (StartupFailure.Explain(e) is { } reason)
{
    // An operator's mistake (settings, database, port): one line they can act on, not a stack trace.
    Console.Error.WriteLine($"Juxa.Silo: {reason}");
    return StartupFailure.ExitCode;
}
