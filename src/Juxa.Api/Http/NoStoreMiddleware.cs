using Microsoft.Net.Http.Headers;

namespace Juxa.Api.Http;

/// <summary>
/// Marks every answer under <c>/api</c> <c>Cache-Control: no-store</c>: they hold workspace data and, once, secrets (a
/// new key's token, an invitation's, an embed token), which no browser disk cache or intermediary should keep, and a
/// signed-in user's GETs would otherwise stay readable in the browser's cache after sign-out.
/// </summary>
public sealed class NoStoreMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            // When the headers go out: the exception handler clears them before it writes an error.
            context.Response.OnStarting(static state =>
            {
                ((HttpContext)state).Response.Headers[HeaderNames.CacheControl] = "no-store";
                return Task.CompletedTask;
            }, context);
        }

        return next(context);
    }
}
