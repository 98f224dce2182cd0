using System.Text.Json.Nodes;
using Juxa.Api.OpenApi;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace Juxa.Api.LlmDocs;

/// <summary>
/// The <c>/openapi.json</c> document as JSON, from the same Swashbuckle generator that serves it,
/// built once per process (routes do not change while it runs). Callers get their own copy.
/// </summary>
public sealed class OpenApiJson(ISwaggerProvider swagger)
{
    private readonly Lazy<Task<JsonObject>> _document = new(async () =>
    {
        var text = await swagger.GetSwagger(OpenApiServiceCollectionExtensions.DocumentName).SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0);
        return JsonNode.Parse(text)!.AsObject();
    });

    public async Task<JsonObject> GetAsync() => (await _document.Value).DeepClone().AsObject();

    /// <summary>Every operation of a document: its path, method and operation object.</summary>
    public static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]?.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Value is JsonObject)
            .Select(op => (path.Key, op.Key, op.Value!.AsObject()))) ?? [];

    /// <summary>Whether the operation answers with a server-sent event stream (the streaming chat endpoints).</summary>
    public static bool StreamsEvents(JsonObject operation) =>
        operation["responses"]?.AsObject().Any(r => r.Value?["content"]?[ChatEventStream] is not null) == true;

    private const string ChatEventStream = "text/event-stream";
}
