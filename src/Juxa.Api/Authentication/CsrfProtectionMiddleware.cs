using Juxa.Api.Http;
using Juxa.Errors;

namespace Juxa.Api.Authentication;

/// <summary>
/// Protects cookie-authenticated writes from cross-site requests, on top of SameSite=Lax:
/// a state-changing request must not come from a foreign Origin, and a POST must be JSON
/// (which an HTML form cannot send, and a cross-site script cannot send without a CORS
/// preflight that we never grant). Bearer requests carry no ambient credential and are exempt.
/// </summary>
public sealed class CsrfProtectionMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || Caller.From(context.User)?.Kind != CallerKind.Session)
        {
            return next(context);
        }

        if (request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(request, origin.ToString()))
        {
            return ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "Cross-origin requests may not use the session cookie.");
        }

        // SignalR's negotiate and long-polling sends are cookie POSTs without a JSON body; the Origin check above still covers them.
        if (HttpMethods.IsPost(request.Method) && !request.HasJsonContentType() && !request.Path.StartsWithSegments("/hubs"))
        {
            return ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "Cookie-authenticated POST requests must have Content-Type: application/json.");
        }

        return next(context);
    }

    private static bool SameOrigin(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
