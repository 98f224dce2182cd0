using Juxa.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Juxa.Api.Http;

/// <summary>
/// Caps request bodies: 1 MiB by default (<c>Juxa:Http:MaxRequestBodyBytes</c>), more where an
/// endpoint declares it with <c>RequestSizeLimitAttribute</c> metadata (import). A declared
/// Content-Length over the cap is refused before the body is read; a chunked body is cut off by
/// the server when it crosses the cap (a 413 through the exception handler).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _defaultLimit = configuration.GetValue<long?>("Juxa:Http:MaxRequestBodyBytes") ?? 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _defaultLimit;
        if (context.Request.ContentLength > limit)
        {
            return ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                $"The request body is larger than the {limit} bytes this endpoint accepts.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
