extern alias JsonEverything;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonEverything::Json.Schema;
using Microsoft.OpenApi;

namespace Juxa.Tests.Infrastructure.OpenApi;

/// <summary>
/// Checks real responses against an OpenAPI document: that their operation is in it, that their status is documented
/// for that operation, that their media type is, and that a JSON body validates against the documented schema (any other
/// body, such as an event stream, as the string it is). Request bodies can be checked against their schemas too.
/// </summary>
/// <remarks>
/// Swashbuckle serves OpenAPI 3.0, whose schemas say "may be null" with <c>nullable</c>, a keyword JSON Schema does not
/// have: a plain JSON Schema validator would ignore it and so let every null through. So the document is read with
/// Microsoft.OpenApi (the library Swashbuckle writes it with) and written back as OpenAPI 3.1, whose schemas are JSON
/// Schema 2020-12 (<c>nullable</c> becomes a <c>"null"</c> in the type array). JsonSchema.Net then validates against those,
/// with formats (uuid, date-time) checked too. <c>$ref</c>s to <c>#/components/schemas</c> resolve through one schema
/// registered with all the components under <c>$defs</c>.
/// </remarks>
public sealed class OpenApiResponseValidator
{
    private const string ComponentReference = "\"#/components/schemas/";

    // A path item also holds summary, description, servers and parameters: only these members are operations.
    private static readonly HashSet<string> OperationMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly Uri Components = new("https://juxa.test/openapi/components");

    private readonly JsonObject _paths;
    private readonly IReadOnlyList<(string Template, string[] Segments, int Parameters)> _templates;
    private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 };
    private readonly EvaluationOptions _evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private readonly Dictionary<string, JsonSchema> _schemas = [];

    private OpenApiResponseValidator(JsonObject document)
    {
        _paths = document["paths"]!.AsObject();
        _templates = _paths.Select(path => path.Key)
            .Select(template => (template, Segments: template.Split('/'), Parameters: template.Count(c => c == '{')))
            .ToList();
        var components = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = JsonNode.Parse(Rewrite(document["components"]?["schemas"]?.ToJsonString() ?? "{}")),
        };
        JsonSchema.FromText(components.ToJsonString(), _build, Components);
    }

    /// <summary>Reads the OpenAPI 3.0 text as served; <paramref name="problems"/> gets what the reader found wrong with it.</summary>
    public static OpenApiResponseValidator Parse(string openApiJson, out IReadOnlyList<string> problems)
    {
        var read = OpenApiDocument.Parse(openApiJson, "json");
        problems = read.Diagnostic?.Errors.Select(error => $"the document itself: {error}").ToList() ?? [];
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        read.Document!.SerializeAsV31(new OpenApiJsonWriter(text));
        return new OpenApiResponseValidator(JsonNode.Parse(text.ToString())!.AsObject());
    }

    /// <summary>Whether the document has this exchange's operation (the LLM tools document keeps only some).</summary>
    public bool HasOperation(RecordedExchange exchange) => OperationOf(exchange) is not null;

    /// <summary>Every operation of the document, as <c>METHOD /path/{template}</c>.</summary>
    public IReadOnlyList<string> Operations =>
        _paths.SelectMany(path => path.Value!.AsObject()
                .Where(item => OperationMethods.Contains(item.Key))
                .Select(item => $"{item.Key.ToUpperInvariant()} {path.Key}"))
            .ToList();

    /// <summary>The document's operation this exchange called, as <c>METHOD /path/{template}</c>; null when it has none.</summary>
    public string? OperationOf(RecordedExchange exchange) =>
        Match(exchange.Path) is { } template && _paths[template]![exchange.Method.Method.ToLowerInvariant()] is JsonObject
            ? $"{exchange.Method.Method.ToUpperInvariant()} {template}"
            : null;

    /// <summary>Every way this exchange's response departs from the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(RecordedExchange exchange)
    {
        var template = Match(exchange.Path);
        if (template is null)
        {
            return [$"{exchange}: no path of the document matches {exchange.Path}"];
        }

        var method = exchange.Method.Method.ToLowerInvariant();
        var operation = $"{exchange.Method} {template}";
        var at = $"{operation} → {exchange.Status} ({exchange.Target})";
        if (_paths[template]![method] is not JsonObject documented)
        {
            return [$"{exchange}: the document has no operation {operation}"];
        }

        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        if (documented["responses"]?[status] is not JsonObject response)
        {
            return [$"{at}: {status} is not documented ({Excerpt(exchange.Body)})"];
        }

        var content = response["content"] as JsonObject;
        if (exchange.MediaType is null)
        {
            return content is { Count: > 0 } ? [$"{at}: documents a body ({string.Join(", ", content.Select(c => c.Key))}), got none"] : [];
        }

        if (content?[exchange.MediaType] is not JsonObject media)
        {
            return [$"{at}: answered {exchange.MediaType}, documented: {string.Join(", ", content?.Select(c => c.Key) ?? ["no body"])}"];
        }

        if (media["schema"] is not JsonNode schema)
        {
            return [];
        }

        JsonElement body;
        if (!exchange.MediaType.EndsWith("json", StringComparison.Ordinal))
        {
            // A body that is not JSON (an event stream) is text to a client: what a schema can say of it is that it is a string,
            // and one that describes an object instead has a generated client parse the whole stream as one JSON value.
            body = JsonSerializer.SerializeToElement(exchange.Body);
        }
        else
        {
            try
            {
                body = JsonDocument.Parse(exchange.Body).RootElement;
            }
            catch (JsonException)
            {
                return [$"{at}: says {exchange.MediaType}, but the body is not JSON ({Excerpt(exchange.Body)})"];
            }
        }

        var results = Schema($"{method} {template} {status} {exchange.MediaType}", schema).Evaluate(body, _evaluation);
        return results.IsValid
            ? []
            : Errors(results).Select(error => $"{at}: {error}").Distinct().ToList();
    }

    /// <summary>
    /// Every way a request body departs from the JSON schema the document gives the operation's body; empty when it
    /// conforms. What a generated client or an LLM tool will send is what this schema allows.
    /// </summary>
    public IReadOnlyList<string> CheckRequestBody(string method, string template, string json)
    {
        var schema = _paths[template]?[method]?["requestBody"]?["content"]?["application/json"]?["schema"]
            ?? throw new ArgumentException($"The document has no JSON request body for {method} {template}.");
        var results = Schema($"{method} {template} request", schema).Evaluate(JsonDocument.Parse(json).RootElement, _evaluation);
        return results.IsValid ? [] : Errors(results).Distinct().ToList();
    }

    /// <summary>The document's path template for a concrete path; a literal segment beats a parameter (…/records/query over …/records/{recordId}).</summary>
    private string? Match(string path)
    {
        var segments = path.Split('/');
        return _templates
            .Where(t => t.Segments.Length == segments.Length && t.Segments.Zip(segments).All(s =>
                s.First.StartsWith('{') ? s.Second.Length > 0 : string.Equals(s.First, s.Second, StringComparison.Ordinal)))
            .OrderBy(t => t.Parameters)
            .Select(t => t.Template)
            .FirstOrDefault();
    }

    private JsonSchema Schema(string key, JsonNode schema)
    {
        if (!_schemas.TryGetValue(key, out var built))
        {
            built = JsonSchema.FromText(Rewrite(schema.ToJsonString()), _build, new Uri($"https://juxa.test/openapi/responses/{_schemas.Count}"));
            _schemas[key] = built;
        }

        return built;
    }

    private static string Rewrite(string json) => json.Replace(ComponentReference, $"\"{Components}#/$defs/", StringComparison.Ordinal);

    private static IEnumerable<string> Errors(EvaluationResults results)
    {
        if (results.Errors is { } errors)
        {
            foreach (var (keyword, message) in errors)
            {
                var at = results.InstanceLocation.ToString() is { Length: > 0 } location ? location : "/";
                yield return $"at {at} ({(keyword.Length > 0 ? keyword : results.EvaluationPath.ToString().Split('/').Last())}) {message}";
            }
        }

        foreach (var detail in results.Details ?? [])
        {
            foreach (var error in Errors(detail))
            {
                yield return error;
            }
        }
    }

    private static string Excerpt(string body) => body.Length == 0 ? "no body" : body.Length <= 160 ? body : body[..160] + "…";
}
