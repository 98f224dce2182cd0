using Juxa.Api.Http;
using Juxa.Errors;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Juxa.Api.Health;

/// <summary>
/// <c>/health/live</c> checks only that the process answers; <c>/health/ready</c> checks PostgreSQL
/// and the cluster. Answers name the checks and their status, never exception details.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddJuxaHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapJuxaHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString().ToLowerInvariant());
        if (report.Status == HealthStatus.Unhealthy)
        {
            var failing = string.Join(", ", checks.Where(c => c.Value == "unhealthy").Select(c => c.Key));
            return ErrorResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, $"Not ready: {failing}.");
        }

        return context.Response.WriteAsJsonAsync(Envelope.Of(new HealthView(report.Status.ToString().ToLowerInvariant(), checks)), JsonDefaults.Options);
    }
}

public sealed record HealthView(string Status, IReadOnlyDictionary<string, string> Checks);
