using System.Diagnostics;
using System.Text.Json;
using Juxa.Errors;
using Juxa.Identity;
using Microsoft.AspNetCore.Diagnostics;

namespace Juxa.Api.Http;

/// <summary>
/// Turns every exception into the error envelope. Expected failures (<see cref="JuxaException"/>,
/// bad requests found while binding) keep their status; anything else is a 500 whose details stay
/// in the log, under the trace id the response carries in <c>X-Request-Id</c>.
/// </summary>
public sealed class JuxaExceptionHandler(ILogger<JuxaExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }

        if (exception is Npgsql.PostgresException postgres && RemovedMemberRace.Lost(postgres))
        {
            // The caller's membership was removed while this request wrote in their name: the removal won, not a bug.
            exception = RemovedMemberRace.Error();
        }

        // The middleware clears the request's endpoint before handlers run; its feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var (status, code, message, details) = Classify(exception, endpoint);
        if (code == ErrorCodes.ServiceUnavailable)
        {
            // A silo or PostgreSQL is failing over or restarting (docs/deploy.md): worth a retry shortly. Not so another
            // 503, such as LLM_NOT_CONFIGURED, which lasts until an operator changes the configuration.
            context.Response.Headers.RetryAfter = "1";
        }

        if (status >= 500)
        {
            // The route's template, not the path: a path can carry a secret (the handoff token of .../{token}/consume).
            var (method, route, requestId) = (context.Request.Method, (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)", RequestIds.Current(context));
            switch (exception)
            {
                case JuxaException juxa:
                    // A refusal the code chose (no model configured, the provider failing): its message says it all.
                    logger.LogWarning("{Method} {Route} answered {Status} {Code}: {Message} (request {RequestId})", method, route, status, juxa.Code, juxa.Message, requestId);
                    break;
                case Npgsql.PostgresException collision when Collided(collision):
                    // Expected now and then under concurrent writes; frequent ones point at a lock order to fix.
                    logger.LogWarning(exception, "{Method} {Route} answered 503: PostgreSQL rolled it back ({SqlState}) for a concurrent transaction (request {RequestId})",
                        method, route, collision.SqlState, requestId);
                    break;
                case var _ when status == StatusCodes.Status503ServiceUnavailable:
                    // A node or the database briefly away: expected while one fails over, so not an error to page for.
                    logger.LogWarning(exception, "{Method} {Route} answered 503: a node or the database is unavailable (request {RequestId})", method, route, requestId);
                    break;
                default:
                    logger.LogError(exception, "Unhandled exception for {Method} {Route} (request {RequestId})", method, route, requestId);
                    break;
            }
        }

        await ErrorResponses.WriteAsync(context, status, code, message, details);
        return true;
    }

    private static (int Status, string Code, string Message, IReadOnlyDictionary<string, string[]>? Details) Classify(Exception exception, Endpoint? endpoint) => exception switch
    {
        JuxaException juxa => (juxa.Status, juxa.Code, juxa.Message, juxa.Details),
        BadHttpRequestException { StatusCode: 413 } => (413, ErrorCodes.PayloadTooLarge, "The request body is too large.", null),
        BadHttpRequestException { StatusCode: 415 } => (415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json (Content-Type: application/json).", null),
        BadHttpRequestException { InnerException: RequestTextException text } => (400, text.Code, text.Message, Where(text)),
        BadHttpRequestException { InnerException: JsonException json } when UnknownField.Of(json) is { } field =>
            (400, ErrorCodes.ValidationError, $"Unknown field '{field}': this endpoint does not take it.", new Dictionary<string, string[]> { [field] = ["Unknown field."] }),
        BadHttpRequestException { InnerException: JsonException json } => (400, ErrorCodes.InvalidJson, InvalidJsonMessage(json), null),
        // Before the check for "body" below: the framework's message quotes the value, which may contain that word.
        BadHttpRequestException bad when QueryParameterError.Of(bad, endpoint) is var (name, problem) =>
            (400, ErrorCodes.ValidationError, problem, new Dictionary<string, string[]> { [name] = [problem] }),
        BadHttpRequestException { StatusCode: 400 } bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) =>
            (400, ErrorCodes.InvalidJson, "The request body is missing or is not valid JSON.", null),
        // What else binding may raise (a malformed request line or header, ...) names no internals: safe to show.
        BadHttpRequestException bad => (bad.StatusCode, ErrorResponses.ForStatus(bad.StatusCode).Code, bad.Message, null),
        // A NUL that still reached PostgreSQL (bodies and query strings are checked before it): a 400, not a bug.
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire or Npgsql.PostgresErrorCodes.UntranslatableCharacter } =>
            (400, ErrorCodes.ValidationError, "The request contains a NUL character (\\u0000 or %00), which cannot be stored or searched for.", null),
        // PostgreSQL rolled the request's transaction back because it met a concurrent one (each waited for the other, or
        // they could not be serialized): nothing of it was applied, and the same request goes through when sent again.
        // Transient, as an outage is, but the outage's message would send an operator looking for a restart.
        Npgsql.PostgresException collision when Collided(collision) =>
            (503, ErrorCodes.ServiceUnavailable, "The request collided with a concurrent change and was rolled back: nothing of it was applied. Send it again.", null),
        // A silo that died or is leaving, or a database that restarts: transient, not a bug (docs/deploy.md).
        Orleans.Runtime.OrleansMessageRejectionException or Npgsql.NpgsqlException { IsTransient: true } =>
            (503, ErrorCodes.ServiceUnavailable, "The service is briefly unavailable (a node or the database is restarting). Retry in a moment.", null),
        // Orleans' response timeout: the silo handling the call died or hung (docs/deploy.md), so a write may have been applied.
        TimeoutException =>
            (503, ErrorCodes.ServiceUnavailable, "The request did not finish in time (a node failed while handling it). A write may or may not have been applied: re-read before you retry it.", null),
        _ => (500, ErrorCodes.InternalError, "Something went wrong on our side. Quote the X-Request-Id header when you report it.", null),
    };

    /// <summary>PostgreSQL rolled the transaction back for a concurrent one: a deadlock, or writes it could not serialize.</summary>
    private static bool Collided(Npgsql.PostgresException e) =>
        e.SqlState is Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure;

    /// <summary>The error's details: the problem under the JSON path of the offending value (<c>values.title</c>).</summary>
    private static Dictionary<string, string[]> Where(RequestTextException text) =>
        new() { [((text.Path ?? "$") + text.RelativePath).TrimStart('$').TrimStart('.') is { Length: > 0 } path ? path : "body"] = [text.Message] };

    private static string InvalidJsonMessage(JsonException json) =>
        json.Path is { Length: > 1 } path ? $"The request body is not valid JSON for this endpoint (at {path})." : "The request body is not valid JSON.";
}
