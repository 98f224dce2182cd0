namespace Juxa.Api.Http;

/// <summary>Stamps every response with <c>X-Request-Id</c>, the id the server's logs use for the request.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // When the headers go out, not now: the exception handler clears the response (headers included) before it
        // writes an error, and an error is where a client most needs the id to quote.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestIds.Header] = RequestIds.Current(http);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
