using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Juxa.Api.Http;

/// <summary>
/// An endpoint that takes no body (marking notifications read, creating a chat conversation, consuming a handoff, every
/// DELETE, ...) refuses one with fields, as endpoints with a body refuse a field they do not take: otherwise
/// <c>{"read": false}</c> on <c>PATCH /notifications/{id}</c> would be ignored while the notification is marked read.
/// No body, an empty one, <c>{}</c> and <c>null</c> are taken. The body is read with the request binding's own JSON options, and a
/// problem is thrown as binding throws it, so <see cref="JuxaExceptionHandler"/> answers exactly as for a body endpoint
/// (<see cref="UnknownField"/>, <c>INVALID_JSON</c>, 415) and the handler never runs. GET routes are left alone: a GET
/// changes nothing, so an ignored body there loses nothing, and the hot reads pay nothing for this.
/// </summary>
public static class NoBodyTaken
{
    public static TBuilder RefuseBodyWhereNoneIsTaken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // A group convention runs before the handler's parameters are inferred, but filter factories are called after:
        // by then a parameter bound from the body has added IAcceptsMetadata to the endpoint.
        builder.Add(endpoint => endpoint.FilterFactories.Add((context, next) =>
        {
            if (TakesBody(endpoint) || IsRead(endpoint))
            {
                return next;
            }

            var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return async invocation =>
            {
                await RefuseFieldsAsync(invocation.HttpContext, json);
                return await next(invocation);
            };
        }));
        return builder;
    }

    private static bool TakesBody(EndpointBuilder endpoint) => endpoint.Metadata.OfType<IAcceptsMetadata>().Any();

    private static bool IsRead(EndpointBuilder endpoint) =>
        endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods.Any(HttpMethods.IsGet) ?? true;

    private static async Task RefuseFieldsAsync(HttpContext context, JsonSerializerOptions json)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return;
        }

        // Bounded by the request body limit (RequestBodyLimitMiddleware), like any body.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return;
        }

        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The request body is not JSON.", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            // JSON null passes too (HttpClient's PostAsJsonAsync(path, null) sends it): it has no field to ignore.
            JsonSerializer.Deserialize<NoFields>(body.Span, json);
        }
        catch (JsonException error)
        {
            throw new BadHttpRequestException("The request body is not valid JSON for this endpoint.", StatusCodes.Status400BadRequest, error);
        }
    }

    /// <summary>What such an endpoint takes: an object without fields. Any field is unmapped, which the binding options refuse.</summary>
    private sealed class NoFields;
}
