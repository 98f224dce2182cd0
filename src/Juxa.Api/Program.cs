using Juxa.Api.Extensions;
using Juxa.Api.Health;
using Juxa.Api.OpenApi;
using Juxa.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    SettingsValidator.ThrowIfInvalid(builder.Configuration);

    builder.AddJuxaHttp();
    builder.Services.AddJuxaData();
    builder.AddJuxaOrleans();
    builder.Services.AddJuxaAuth();
    builder.Services.AddJuxaRealtime();
    builder.Services.AddJuxaHealthChecks();
    builder.Services.AddJuxaOpenApi();
    builder.AddJuxaTelemetry("juxa-api");

    var app = builder.Build();
    app.UseJuxaPipeline();
    app.MapJuxaEndpoints();
    app.Run();
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
