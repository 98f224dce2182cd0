using Juxa.Api.Authentication;
using Juxa.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;
using Microsoft.OpenApi;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Documents the errors that the request pipeline, not the handler, answers, derived from the operation rather than
/// trusted to each route's <c>ProducesErrors</c> list (the conformance test found routes whose list forgot them):
/// <list type="bullet">
/// <item>every operation: 400, since <see cref="QueryTextMiddleware"/> refuses a NUL in any query-string value (and
/// <see cref="RepeatedQueryParameterMiddleware"/> a parameter given twice) before the endpoint runs; 429, since
/// <see cref="RateLimitMiddleware"/> refuses a key or an embed token over its limit right
/// after authentication, before authorization looks at the operation (so also where keys are refused, or none is needed);
/// 500, a bug; 503, a silo failing over or PostgreSQL restarting (<see cref="JuxaExceptionHandler"/>, with <c>Retry-After</c>).</item>
/// <item>every operation that reads a body, which is every one but GET: 413 over the body limit
/// (<see cref="RequestBodyLimitMiddleware"/>) and 415 for a body that is not JSON. A body endpoint binds one; one that
/// takes none still reads it, to refuse fields it would otherwise ignore (<see cref="NoBodyTaken"/>). And 403: a signed-in
/// browser's write from a foreign origin, or a cookie POST that is not JSON (<see cref="CsrfProtectionMiddleware"/>, before
/// authorization, so also on sign-up and log-in, which need no credential).</item>
/// </list>
/// </summary>
public sealed class PipelineErrorsOperationFilter : IOperationFilter
{
    private static readonly int[] Always =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests, StatusCodes.Status500InternalServerError,
        StatusCodes.Status503ServiceUnavailable,
    ];

    private static readonly int[] WithBody =
        [StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var readsBody = !HttpMethods.IsGet(context.ApiDescription.HttpMethod ?? HttpMethods.Get);
        foreach (var status in readsBody ? [.. Always, .. WithBody] : Always)
        {
            ErrorResponseDocumentation.AddIfMissing(operation, context, status);
        }
    }
}
