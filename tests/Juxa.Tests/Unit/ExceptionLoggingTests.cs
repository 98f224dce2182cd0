using Juxa.Api.Http;
using Juxa.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;

namespace Juxa.Tests.Unit;

/// <summary>What the API logs for a 500: enough to find the request, never a secret from its path.</summary>
public sealed class ExceptionLoggingTests
{
    [Fact]
    public async Task A_500_logs_the_route_template_not_the_path_with_its_token()
    {
        const string token = "oc_ho_secret0123456789";
        var logger = new ListLogger();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = $"/api/v1/integrations/juxa-docs-handoff/{token}/consume";
        context.Response.Body = new MemoryStream();
        // As ExceptionHandlerMiddleware leaves it: the request's endpoint cleared, the failed one in the feature.
        var endpoint = new RouteEndpoint(_ => Task.CompletedTask,
            RoutePatternFactory.Parse("/api/v1/integrations/juxa-docs-handoff/{token}/consume"), 0, EndpointMetadataCollection.Empty, "consume");
        context.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = new InvalidOperationException("boom"), Endpoint = endpoint, Path = context.Request.Path });

        var handled = await new JuxaExceptionHandler(logger).TryHandleAsync(context, new InvalidOperationException("boom"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        var line = Assert.Single(logger.Lines);
        Assert.Contains("POST /api/v1/integrations/juxa-docs-handoff/{token}/consume", line);
        Assert.DoesNotContain(token, line);
    }

    public static TheoryData<string, Exception, LogLevel, bool> Levels => new()
    {
        // A bug: an error, with its stack, for whoever reads the log after a 500.
        { "a bug", new InvalidOperationException("boom"), LogLevel.Error, true },
        // A node or the database briefly away (docs/deploy.md): expected during a failover, not an error to page for.
        { "a silo that is gone", new SiloUnavailableException(), LogLevel.Warning, true },
        // A refusal the code chose, with its own message (no model configured): nothing failed, no stack to read.
        { "a deliberate 503", new JuxaException(503, ErrorCodes.LlmNotConfigured, "No model provider is configured."), LogLevel.Warning, false },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task A_5xx_is_logged_as_what_it_is(string what, Exception exception, LogLevel level, bool withException)
    {
        var logger = new ListLogger();
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        await new JuxaExceptionHandler(logger).TryHandleAsync(context, exception, CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.True(entry.Level == level, $"{what}: logged at {entry.Level}");
        Assert.True((entry.Exception is not null) == withException, $"{what}: exception {(entry.Exception is null ? "left out" : "logged")}");
    }

    private sealed class ListLogger : ILogger<JuxaExceptionHandler>
    {
        public List<(LogLevel Level, string Line, Exception? Exception)> Entries { get; } = [];

        public IEnumerable<string> Lines => Entries.Select(e => e.Line);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
