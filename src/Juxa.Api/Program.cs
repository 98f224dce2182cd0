using Juxa.Api.Extensions;
using Juxa.Api.Health;
using Juxa.Api.OpenApi;
using Juxa.Hosting;

// Read after a failed start too, when the host (and its services) are already disposed.
var (started, stopping) = (CancellationToken.None, CancellationToken.None);
try
{
    var builder = WebApplication.CreateBuilder(args);
    SettingsValidator.ThrowIfInvalid(builder.Configuration);
    builder.Services.AddSecretRedactingLogs();

    builder.AddJuxaHttp();
    builder.Services.AddJuxaData();
    builder.AddJuxaOrleans();
    builder.Services.AddJuxaAuth();
    builder.Services.AddJuxaRealtime();
    builder.Services.AddJuxaHealthChecks();
    builder.Services.AddJuxaOpenApi();
    builder.AddJuxaTelemetry("juxa-api");

    var app = builder.Build();
    (started, stopping) = (app.Lifetime.ApplicationStarted, app.Lifetime.ApplicationStopping);
    app.UseJuxaPipeline();
    app.MapJuxaEndpoints();
    app.Run();
    return 0;
}
catch (Exception) when (stopping.IsCancellationRequested && !started.IsCancellationRequested)
{
    // Ctrl-C or SIGTERM before the start had finished (in client mode, while it waited for a silo's gateway): whatever the
    // start then threw (the cancellation, or Orleans' "Could not find any gateway" when the stop came between two of its
    // attempts) is the stop that was asked for, not a failure, so no stack trace.
    Console.Error.WriteLine("Juxa.Api: stopped before it had finished starting.");
    return 0;
}
catch (Exception e) when (StartupFailure.Explain(e) is { } reason)
{
    // An operator's mistake (settings, database, port): one line they can act on, not a stack trace.
    Console.Error.WriteLine($"Juxa.Api: {reason}");
    return StartupFailure.ExitCode;
}

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
