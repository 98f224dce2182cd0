using Juxa.Errors;

namespace Juxa.Api.Http;

/// <summary>
/// Refuses a query-string value with a NUL character (<c>?q=%00</c>) before any endpoint runs: 400 naming the
/// parameter. PostgreSQL cannot take NUL in text, and a statement it refuses for that, at bind time, is a failure
/// worth keeping off pooled connections altogether (JSON bodies get the same check while binding, StorableText).
/// </summary>
public sealed class QueryTextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue)
        {
            foreach (var (name, values) in context.Request.Query)
            {
                if (name.Contains('\0') || values.Any(value => value is not null && value.Contains('\0')))
                {
                    var problem = $"{name.Replace("\0", "\\u0000", StringComparison.Ordinal)} contains a NUL character (%00), which cannot be stored or searched for.";
                    return ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, problem,
                        new Dictionary<string, string[]> { [name.Replace("\0", "\\u0000", StringComparison.Ordinal)] = [problem] });
                }
            }
        }

        return next(context);
    }
}
