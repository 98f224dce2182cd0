using System.Net;
using System.Text.Json.Nodes;
using Juxa.Chat.Events;
using Juxa.Chat.Tools;
using Juxa.Errors;
using Juxa.Schema;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Chat;

/// <summary>/openapi-llm-tools.json, /llms.txt and /llms-full.txt: anonymous, and generated from the same sources as the API itself.</summary>
[Collection(ApiCollection.Name)]
public sealed class LlmDocsTests(ApiFixture api)
{
    private async Task<JsonObject> OpenApiAsync(string path)
    {
        using var client = api.Anonymous();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<string> TextAsync(string path)
    {
        using var client = api.Anonymous();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!)));

    [Fact]
    public async Task The_tools_document_is_the_bearer_JSON_subset_of_openapi_json_without_streaming_chat()
    {
        var full = await OpenApiAsync("/openapi.json");
        var tools = await OpenApiAsync("/openapi-llm-tools.json");

        var kept = Operations(tools).Select(o => $"{o.Method} {o.Path}").ToHashSet();
        Assert.Contains("get /api/v1/objects/{slug}/records", kept);
        Assert.Contains("post /api/v1/objects/{slug}/records/query", kept);
        Assert.Contains("get /api/v1/chat/conversations", kept);
        Assert.DoesNotContain("post /api/v1/chat/completions", kept);
        Assert.DoesNotContain("post /api/v1/chat/tool-confirm", kept);
        Assert.DoesNotContain("post /api/v1/api-keys", kept);
        Assert.DoesNotContain("post /api/v1/auth/login", kept);
        Assert.All(Operations(tools), o =>
        {
            // Identical to the full document's operation, apart from the security requirements.
            var original = full["paths"]![o.Path]![o.Method]!.DeepClone().AsObject();
            var subset = o.Operation.DeepClone().AsObject();
            original.Remove("security");
            subset.Remove("security");
            Assert.True(JsonNode.DeepEquals(original, subset), $"{o.Method} {o.Path} differs from /openapi.json");
            Assert.All(o.Operation["security"]!.AsArray(), r => Assert.NotNull(r!["bearerApiKey"]));
            Assert.Contains(o.Operation["responses"]!.AsObject(), r => r.Value!["content"]?["application/json"] is not null);
        });
        Assert.Equal(["bearerApiKey"], tools["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key));
        Assert.Equal(api.Factory.ServerAddress!.ToString().TrimEnd('/'), tools["servers"]![0]!["url"]!.GetValue<string>());
        var schemas = tools["components"]!["schemas"]!.AsObject();
        var refs = tools.ToJsonString().Split("\"#/components/schemas/").Skip(1).Select(s => s[..s.IndexOf('"')]).ToHashSet();
        Assert.All(refs, name => Assert.NotNull(schemas[name]));
        Assert.Equal(refs.Order(), schemas.Select(s => s.Key).Order());
    }

    [Fact]
    public async Task Llms_txt_links_the_documents_and_names_every_api_route()
    {
        var full = await OpenApiAsync("/openapi.json");

        var text = await TextAsync("/llms.txt");

        Assert.StartsWith("# Juxa CRM\n", text);
        Assert.Contains("\n> ", text);
        Assert.Contains("/llms-full.txt)", text);
        Assert.Contains("/openapi-llm-tools.json)", text);
        Assert.All(Operations(full).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)),
            o => Assert.Contains($"{o.Method.ToUpperInvariant()} {o.Path}", text));
    }

    [Fact]
    public async Task Llms_full_txt_documents_every_endpoint_type_error_code_chat_event_and_tool()
    {
        var full = await OpenApiAsync("/openapi.json");

        var text = await TextAsync("/llms-full.txt");

        Assert.All(Operations(full).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)),
            o => Assert.Contains($"- {o.Method.ToUpperInvariant()} {o.Path}: {o.Operation["summary"]!.GetValue<string>()}", text));
        Assert.All(AttributeTypes.All, type => Assert.Contains($"- `{type}`: operators", text));
        Assert.All(typeof(ErrorCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!), code => Assert.Contains($"`{code}`", text));
        // Every event type the code can send is listed (so the generated list is complete), with its JSON fields.
        var eventTypes = typeof(ChatEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ChatEvent)) && !t.IsAbstract);
        Assert.Equal(eventTypes.OrderBy(t => t.Name), ChatEvents.All.OrderBy(t => t.Name));
        Assert.Contains("- `tool_call` `{toolCallId, name, arguments}`: a write tool call", text);
        Assert.All(CrmToolNames.Read.Concat(CrmToolNames.Write), name => Assert.Contains($"- `{name}` (", text));
        Assert.Contains("- `people` (People): `name` personal-name", text);
    }
}
