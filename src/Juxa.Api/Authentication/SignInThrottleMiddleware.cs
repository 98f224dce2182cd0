using System.Globalization;
using Juxa.Api.Http;
using Juxa.Errors;
using Juxa.Identity;

namespace Juxa.Api.Authentication;

/// <summary>
/// Runs before authentication and before the body is read: a request to an endpoint marked with
/// <see cref="SignInThrottle.RequireSignInThrottle{TBuilder}"/> is counted by its client network's
/// <see cref="ISignInThrottleGrain"/>, and past the limit answered <c>429 RATE_LIMITED</c> with <c>Retry-After</c>.
/// </summary>
public sealed class SignInThrottleMiddleware(RequestDelegate next, IGrainFactory grains, IConfiguration configuration)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SignInThrottle.Throttled>() is null)
        {
            await next(context);
            return;
        }

        var limit = configuration.GetValue<int?>(SignInThrottle.AttemptsPerMinuteKey) ?? SignInThrottle.DefaultAttemptsPerMinute;
        var retryAfter = limit <= 0
            ? 0
            : await grains.GetGrain<ISignInThrottleGrain>(SignInThrottle.ClientKey(context.Connection.RemoteIpAddress)).TryAttemptAsync(limit);
        if (retryAfter == 0)
        {
            await next(context);
            return;
        }

        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"Too many sign-in attempts from this address. Retry after {retryAfter} seconds.");
    }
}
