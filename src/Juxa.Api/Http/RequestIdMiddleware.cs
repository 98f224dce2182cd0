namespace Juxa.Api.Http;

/// <summary>Stamps every response with <c>X-Request-Id</c>, the id the server's logs use for the request.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers[RequestIds.Header] = RequestIds.Current(context);
        return next(context);
    }
}
