using System.Reflection;
using Juxa.Errors;

namespace Juxa.Api.Http;

/// <summary>
/// Refuses a query parameter that the endpoint's handler takes and the request gives more than once (<c>?q=a&amp;q=b</c>,
/// names matched without regard to case, as binding matches them): 400 naming it. Every such parameter holds one value,
/// and ASP.NET Core would bind the repeated ones joined by a comma (<c>a,b</c>: a search nobody asked for) or call
/// them the wrong type (<c>?limit=5&amp;limit=10</c>). Parameters the handler does not take are ignored, as when given once.
/// </summary>
public sealed class RepeatedQueryParameterMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue && context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            foreach (var (name, values) in context.Request.Query)
            {
                if (values.Count > 1 && QueryParameter(handler, context, name) is { } parameter)
                {
                    var problem = $"Query parameter '{parameter}' is given more than once; give it once.";
                    return ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, problem,
                        new Dictionary<string, string[]> { [parameter] = [problem] });
                }
            }
        }

        return next(context);
    }

    /// <summary>
    /// The name of the handler's parameter that binds <paramref name="name"/> from the query (a plain value the route does
    /// not give), as the handler spells it (the query may spell it <c>Q</c>); null when none does.
    /// </summary>
    private static string? QueryParameter(MethodInfo handler, HttpContext context, string name) =>
        context.Request.RouteValues.ContainsKey(name)
            ? null
            : handler.GetParameters().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
                && (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) is var type
                && (type == typeof(string) || type.IsPrimitive || type == typeof(Guid)))?.Name;
}
