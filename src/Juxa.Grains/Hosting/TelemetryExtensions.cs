using System.Diagnostics;
using Juxa.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Juxa.Hosting;

/// <summary>
/// OpenTelemetry for every Juxa process, API node and standalone silo alike: in a cluster the grains, and so most of
/// the PostgreSQL statements and Orleans' own work, run on the silos, which an API-only setup would leave unseen.
/// With it on, silos and clients also propagate the trace through grain calls (Orleans' activity propagation, set in
/// <see cref="OrleansHostingExtensions"/>), so a request's trace holds its grain calls and their statements, on
/// whichever process they ran.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Whether telemetry is on: an OTLP endpoint is configured. Off, grain calls carry no trace context either.</summary>
    public static bool Enabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>
    /// Traces and metrics of ASP.NET Core, Npgsql and Orleans, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set (the other <c>OTEL_*</c> settings apply, read from configuration as from the environment). Without an
    /// endpoint nothing is collected, so the request path pays nothing for it. <paramref name="serviceName"/> tells the
    /// processes apart (<c>juxa-api</c>, <c>juxa-silo</c>) unless <c>OTEL_SERVICE_NAME</c> names them.
    /// </summary>
    public static WebApplicationBuilder AddJuxaTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        if (!Enabled(builder.Configuration))
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(serviceName));
        }

        telemetry
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpRequest = RedactTokens)
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

    /// <summary>
    /// A request span carries its path and query as sent (<c>url.path</c>, <c>url.query</c>): a handoff's consume path
    /// holds its token, and a hub's <c>access_token</c> a key, embed token or session. The collector gets them cut to
    /// their prefix, as the logs do.
    /// </summary>
    private static void RedactTokens(Activity activity, HttpRequest request)
    {
        foreach (var tag in (ReadOnlySpan<string>)["url.path", "url.query"])
        {
            if (activity.GetTagItem(tag) is string text && SecretTokens.ContainsToken(text))
            {
                activity.SetTag(tag, SecretTokens.Redact(text));
            }
        }
    }
}
