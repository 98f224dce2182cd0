using System.Globalization;
using System.Threading.RateLimiting;
using Juxa.Api.Http;
using Juxa.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Juxa.Api.Authentication;

/// <summary>
/// Sign-up, login and accepting an invitation are open to anyone and each hashes a password or a token: at most
/// <c>Juxa:Auth:AttemptsPerMinute</c> (default 20; 0 turns it off) per client address in any rolling minute, on each
/// API node, then <c>429 RATE_LIMITED</c> with <c>Retry-After</c>. Per address, not per account, so nobody can lock
/// a victim out by failing logins with their email. Behind a proxy the address is the client's only with forwarded
/// headers on (docs/deploy.md).
/// </summary>
public static class SignInThrottle
{
    public const string Policy = "sign-in";

    public const int DefaultAttemptsPerMinute = 20;

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddPolicy(Policy, context =>
        {
            var limit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue<int?>("Juxa:Auth:AttemptsPerMinute") ?? DefaultAttemptsPerMinute;
            return limit <= 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetSlidingWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
        });
        options.OnRejected = (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 10;
            rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(ErrorResponses.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                $"Too many sign-in attempts from this address. Retry after {retryAfter} seconds."));
        };
    });
}
