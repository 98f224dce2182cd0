using Juxa.Api.Http;
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

    private sealed class ListLogger : ILogger<JuxaExceptionHandler>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
