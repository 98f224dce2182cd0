using Juxa.Api.Extensions;
using Juxa.Api.Health;
using Juxa.Api.OpenApi;
using Juxa.Hosting;

// Read after a failed start too, when the host (and its services) are already disposed.
var stopping = CancellationToken.None;
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
    stopping = app.Lifetime.ApplicationStopping;
    app.UseJuxaPipeline();
    app.MapJuxaEndpoints();
    app.Run();
    return 0;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    // Ctrl-C or SIGTERM before the start had finished (in client mode, while it waited for a silo's gateway): the stop
    // that was asked for, not a failure, so no stack trace.
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
