using System.Globalization;
using Juxa.ApiKeys;
using Juxa.Api.Http;
using Juxa.Errors;

namespace Juxa.Api.Authentication;

/// <summary>
/// Runs right after authentication: puts <c>RateLimit-Limit/Remaining/Reset</c> on every response
/// to a key or embed token with a limit, and answers <c>429 RATE_LIMITED</c> with <c>Retry-After</c>
/// when the key's grain refused the request. An unlimited key gets no headers: it has no limit to
/// report, and its requests are not counted (ApiKeyDecisionCache reuses one decision for seconds).
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<ApiKeyDecisionFeature>()?.Decision is not { Limit: > 0 } decision)
        {
            return next(context);
        }

        // Set when the response starts, so that no later handler (an exception handler clearing the response) drops them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        if (decision.Outcome != ApiKeyOutcome.RateLimited)
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"This {(Caller.From(context.User)?.Kind == CallerKind.Embed ? "embed token" : "API key")} is limited to {decision.Limit} requests per minute. Retry after {decision.RetryAfterSeconds} seconds.");
    }
}
