using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Documents a server-sent event stream as what a client receives: text. ApiExplorer describes a
/// <c>ServerSentEventsResult&lt;T&gt;</c> as one <c>SseItem&lt;T&gt;</c> JSON object (<c>{eventType, data, eventId,
/// reconnectionInterval}</c>), which the body never is: a client generated from that would parse the whole stream as one
/// JSON value, and fail (the conformance test found it on chat completions and tool-confirm). OpenAPI 3.0 has no way to
/// describe the events themselves; the operations' descriptions name them, and docs/chat.md gives their data.
/// </summary>
public sealed class EventStreamOperationFilter : IOperationFilter
{
    public const string MediaType = "text/event-stream";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var response in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
        {
            if (response.Content is null || !response.Content.TryGetValue(MediaType, out var found) || found is not OpenApiMediaType media)
            {
                continue;
            }

            // Nothing else refers to the item type's schema: leave no orphan of it in the components.
            if (media.Schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                context.SchemaRepository.Schemas.Remove(id);
            }

            media.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Server-sent events: blocks of an \"event:\" line naming the event and a \"data:\" line of JSON, each ended by an empty line.",
            };
        }
    }
}
