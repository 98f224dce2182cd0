using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Juxa.Api.Extensions;

public static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry traces and metrics for ASP.NET Core, Npgsql and Orleans, exported over OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without an exporter nothing is collected,
    /// so the request path pays nothing for it.
    /// </summary>
    public static WebApplicationBuilder AddJuxaTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddOtlpExporter());
        return builder;
    }
}
