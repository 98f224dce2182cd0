using System.Text.Json.Nodes;
using Juxa.Api.OpenApi;
using Juxa.Security;

namespace Juxa.Api.LlmDocs;

/// <summary>
/// <c>/openapi-llm-tools.json</c>: the part of <c>/openapi.json</c> an automation or an LLM tool
/// runner can use with an API key. It keeps every operation a key with an <c>integrations:*</c>
/// scope may call and that answers JSON, and drops the streaming chat endpoints, operations only
/// a <c>*</c> key or a browser session may use, the cookie scheme and every schema nothing refers to.
/// </summary>
public static class LlmToolsDocument
{
    private static readonly IReadOnlySet<string> IntegrationScopes = Scopes.Known.Where(s => s != Scopes.All).ToHashSet(StringComparer.Ordinal);

    public static JsonObject Build(JsonObject document, string origin)
    {
        var paths = document["paths"]!.AsObject();
        foreach (var (path, method, operation) in OpenApiJson.Operations(document).ToArray())
        {
            if (OpenApiJson.StreamsEvents(operation) || !BearerScopes(operation).Any(IntegrationScopes.Contains))
            {
                paths[path]!.AsObject().Remove(method);
                continue;
            }

            // Only the bearer requirement applies to a tool runner.
            operation["security"] = new JsonArray(operation["security"]!.AsArray()
                .Where(r => r?[SecurityRequirementsOperationFilter.BearerScheme] is not null).Select(r => r!.DeepClone()).ToArray());
        }

        foreach (var empty in paths.Where(p => p.Value!.AsObject().Count == 0).Select(p => p.Key).ToArray())
        {
            paths.Remove(empty);
        }

        document["components"]?["securitySchemes"]?.AsObject().Remove(SecurityRequirementsOperationFilter.CookieScheme);
        document["components"]?["securitySchemes"]?.AsObject().Remove(SecurityRequirementsOperationFilter.EmbedScheme);
        PruneSchemas(document);
        document["info"]!["title"] = "Juxa CRM API (tools subset)";
        document["info"]!["description"] = document["info"]!["description"]!.GetValue<string>()
            + " This subset holds the JSON operations an API key (Authorization: Bearer oc_sk_…) with an integrations:* scope may call;"
            + " the streaming chat endpoints are left out. The complete document is /openapi.json.";
        document["servers"] = new JsonArray(new JsonObject { ["url"] = origin });
        var usedTags = OpenApiJson.Operations(document).SelectMany(o => o.Operation["tags"]?.AsArray().Select(t => t!.GetValue<string>()) ?? []).ToHashSet();
        if (document["tags"] is JsonArray tags)
        {
            document["tags"] = new JsonArray(tags.Where(t => usedTags.Contains(t!["name"]!.GetValue<string>())).Select(t => t!.DeepClone()).ToArray());
        }

        return document;
    }

    private static IEnumerable<string> BearerScopes(JsonObject operation) =>
        operation["security"]?.AsArray().SelectMany(r => r?[SecurityRequirementsOperationFilter.BearerScheme]?.AsArray().Select(s => s!.GetValue<string>()) ?? [])
        ?? [];

    /// <summary>Keeps the component schemas reachable from what is left, following <c>$ref</c>s transitively.</summary>
    private static void PruneSchemas(JsonObject document)
    {
        if (document["components"]?["schemas"] is not JsonObject schemas)
        {
            return;
        }

        const string prefix = "#/components/schemas/";
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode?>([document["paths"]]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "$ref" && value?.GetValue<string>() is { } target && target.StartsWith(prefix, StringComparison.Ordinal)
                            && reachable.Add(target[prefix.Length..]))
                        {
                            pending.Push(schemas[target[prefix.Length..]]);
                        }
                        else
                        {
                            pending.Push(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }

        foreach (var unused in schemas.Select(s => s.Key).Where(k => !reachable.Contains(k)).ToArray())
        {
            schemas.Remove(unused);
        }
    }
}
