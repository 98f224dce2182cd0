using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.OpenApi;

namespace Juxa.Tests.Api;

/// <summary>
/// What /openapi.json promises about bodies and access: the members a client must send and will get, and the
/// credentials and scopes each operation takes. Each expectation below is what the handlers and
/// <c>Juxa.Api.Authorization.Access</c> actually do.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture api)
{
    private async Task<JsonObject> DocumentAsync()
    {
        using var client = api.Anonymous();
        var response = await client.GetAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task Request_bodies_require_what_the_handlers_refuse_to_go_without_and_nothing_else()
    {
        var document = await DocumentAsync();
        (string Method, string Path, string[] Required)[] bodies =
        [
            ("post", "/api/v1/objects", ["pluralName", "singularName", "slug"]),
            ("patch", "/api/v1/objects/{slug}", []),
            ("post", "/api/v1/objects/{slug}/attributes", ["slug", "title", "type"]),
            ("patch", "/api/v1/objects/{slug}/attributes", ["attributeId"]),
            // Creating and updating a record both refuse a body without values (RecordsApi.RequireValues).
            ("post", "/api/v1/objects/{slug}/records", ["values"]),
            ("patch", "/api/v1/objects/{slug}/records/{recordId}", ["values"]),
            ("post", "/api/v1/objects/{slug}/records/query", []),
            ("post", "/api/v1/tasks", ["content"]),
            ("patch", "/api/v1/tasks/{taskId}", []),
            ("post", "/api/v1/workspace-members", ["email"]),
            ("post", "/api/v1/auth/signup", ["email", "password", "workspaceName"]),
        ];

        Assert.All(bodies, body =>
        {
            var schema = Resolve(document, document["paths"]![body.Path]![body.Method]!["requestBody"]!["content"]!["application/json"]!["schema"]!);
            Assert.Equal(body.Required, Required(schema));
            // Whatever is required is a property of the schema, and is not allowed to be null.
            Assert.All(body.Required, name => Assert.NotEqual(true, schema["properties"]![name]!["nullable"]?.GetValue<bool>()));
        });
        var createObject = Resolve(document, document["paths"]!["/api/v1/objects"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!);
        Assert.NotNull(createObject["properties"]!["icon"]);
    }

    [Fact]
    public async Task Response_and_error_envelopes_list_the_members_always_present()
    {
        var document = await DocumentAsync();
        var getObject = document["paths"]!["/api/v1/objects/{slug}"]!["get"]!["responses"]!;

        var envelope = Resolve(document, getObject["200"]!["content"]!["application/json"]!["schema"]!);
        var view = Resolve(document, envelope["properties"]!["data"]!);
        var error = Resolve(document, getObject["404"]!["content"]!["application/json"]!["schema"]!);
        var body = Resolve(document, error["properties"]!["error"]!);
        var pagination = Resolve(document, document["components"]!["schemas"]!["Pagination"]!);

        Assert.Equal(["data"], Required(envelope));
        // Value types (id, flags, timestamps) as well as strings; icon and attributes are left out when null.
        Assert.Equal(["createdAt", "id", "isArchived", "isStandard", "pluralName", "singularName", "slug", "updatedAt"], Required(view));
        Assert.Equal(["error"], Required(error));
        Assert.Equal(["code", "message"], Required(body));
        Assert.Equal(["limit", "offset", "total"], Required(pagination));
    }

    [Theory]
    [InlineData("get", "/api/v1/search", "q", "/api/v1/search")]
    [InlineData("get", "/api/v1/objects/{slug}/attributes/options", "attributeId", "/api/v1/objects/people/attributes/options")]
    [InlineData("delete", "/api/v1/objects/{slug}/attributes", "attributeId", "/api/v1/objects/people/attributes")]
    [InlineData("delete", "/api/v1/objects/{slug}/attributes/options", "optionId", "/api/v1/objects/people/attributes/options?attributeType=select")]
    [InlineData("delete", "/api/v1/objects/{slug}/attributes/options", "attributeType", "/api/v1/objects/people/attributes/options?optionId=01a2364a-0000-7000-8000-000000000000")]
    public async Task A_query_parameter_the_handler_refuses_to_go_without_is_required(string method, string path, string parameter, string callWithout)
    {
        var document = await DocumentAsync();
        using var client = api.Bootstrap();

        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), callWithout));
        var documented = document["paths"]![path]![method]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == parameter)!;

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(error["details"]?[parameter]);
        Assert.Equal("query", documented["in"]!.GetValue<string>());
        Assert.True(documented["required"]?.GetValue<bool>() == true, $"{method} {path} does not mark ?{parameter} required");
    }

    [Fact]
    public async Task Paging_parameters_stay_optional()
    {
        var document = await DocumentAsync();

        var parameters = document["paths"]!["/api/v1/search"]!["get"]!["parameters"]!.AsArray()
            .Concat(document["paths"]!["/api/v1/objects/{slug}/records"]!["get"]!["parameters"]!.AsArray())
            .Where(p => p!["in"]!.GetValue<string>() == "query");

        Assert.All(parameters.Where(p => p!["name"]!.GetValue<string>() is "limit" or "offset" or "cursor"),
            p => Assert.NotEqual(true, p!["required"]?.GetValue<bool>()));
    }

    [Theory]
    // The contract's Quick Start query, an "or" group with a nested group, and a bare condition: the server answers 200.
    [InlineData("""{"filter": {"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "gte", "value": 10000}]}, "sorts": [{"attribute": "deal_value", "direction": "desc"}]}""", true)]
    [InlineData("""{"filter": {"operator": "or", "conditions": [{"attribute": "deal_value", "operator": "lt", "value": 5}, {"conditions": [{"attribute": "name", "operator": "is_not_empty"}]}]}, "sorts": [{"attribute": "name"}], "limit": 10}""", true)]
    [InlineData("""{"filter": {"attribute": "name", "operator": "starts_with", "value": "A"}}""", true)]
    // What the server refuses with 400: a group operator, a condition operator or a sort direction outside the contract's, an unknown key.
    [InlineData("""{"filter": {"operator": "xor", "conditions": []}}""", false)]
    [InlineData("""{"filter": {"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "between", "value": 1}]}}""", false)]
    [InlineData("""{"sorts": [{"attribute": "deal_value", "direction": "up"}]}""", false)]
    [InlineData("""{"filter": {"operator": "and", "conditions": [{"attribut": "name", "operator": "equals", "value": "A"}]}}""", false)]
    public async Task The_documented_query_body_takes_what_the_server_takes_and_refuses_what_it_refuses(string body, bool accepted)
    {
        using var client = api.Bootstrap();
        var document = OpenApiResponseValidator.Parse(await (await client.GetAsync("/openapi.json")).Content.ReadAsStringAsync(), out _);

        var problems = document.CheckRequestBody("post", "/api/v1/objects/{slug}/records/query", body);
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/v1/objects/deals/records/query", body, "application/json");

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(accepted == (problems.Count == 0),
            accepted ? $"The document refuses a body the server takes: {string.Join("; ", problems)}" : "The document allows a body the server refuses.");
    }

    [Theory]
    [InlineData("/api/v1/objects/{slug}/records", "/api/v1/objects/people/records?")]
    [InlineData("/api/v1/search", "/api/v1/search?q=a&")]
    [InlineData("/api/v1/notifications", "/api/v1/notifications?")]
    [InlineData("/api/v1/tasks", "/api/v1/tasks?")]
    public async Task The_documented_paging_bounds_are_the_ones_the_server_enforces(string path, string call)
    {
        var document = await DocumentAsync();
        using var client = api.Bootstrap();

        var parameters = document["paths"]![path]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]!);

        Assert.Equal((1m, 200m), (Number(parameters["limit"]["minimum"]), Number(parameters["limit"]["maximum"])));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(call + "limit=200")).StatusCode);
        await (await client.GetAsync(call + "limit=201")).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await client.GetAsync(call + "limit=0")).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        if (parameters.TryGetValue("offset", out var offset))
        {
            Assert.Equal(0m, Number(offset["minimum"]));
            Assert.Null(offset["maximum"]);
            await (await client.GetAsync(call + "offset=-1")).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        }
    }

    [Fact]
    public async Task The_server_is_where_the_document_was_fetched_from()
    {
        using var client = api.Anonymous();

        var document = await DocumentAsync();

        Assert.Equal(client.Http.BaseAddress!.ToString().TrimEnd('/'), document["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_record_query_body_documents_the_same_paging_bounds()
    {
        var document = await DocumentAsync();

        var body = Resolve(document, document["paths"]!["/api/v1/objects/{slug}/records/query"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!);

        Assert.Equal((1m, 200m), (Number(body["properties"]!["limit"]!["minimum"]), Number(body["properties"]!["limit"]!["maximum"])));
        Assert.Equal(0m, Number(body["properties"]!["offset"]!["minimum"]));
    }

    /// <summary>A bound as the JSON number it must be (a string would not bound anything for a JSON Schema validator).</summary>
    private static decimal Number(JsonNode? bound)
    {
        Assert.Equal(System.Text.Json.JsonValueKind.Number, bound?.GetValueKind());
        return bound!.GetValue<decimal>();
    }

    [Fact]
    public async Task Each_operation_lists_every_scope_that_grants_it_as_an_alternative()
    {
        var document = await DocumentAsync();
        const string Session = "sessionCookie";
        (string Method, string Path, string[] Requirements)[] operations =
        [
            ("get", "/api/v1/objects/{slug}/records",
                ["bearerApiKey *", "bearerApiKey integrations:read", "bearerApiKey integrations:write", "bearerEmbedToken crm:read", "bearerEmbedToken crm:write", Session]),
            ("post", "/api/v1/objects/{slug}/records/query",
                ["bearerApiKey *", "bearerApiKey integrations:read", "bearerApiKey integrations:write", "bearerEmbedToken crm:read", "bearerEmbedToken crm:write", Session]),
            ("post", "/api/v1/objects/{slug}/records", ["bearerApiKey *", "bearerApiKey integrations:write", "bearerEmbedToken crm:write", Session]),
            ("post", "/api/v1/objects/{slug}/records/import", ["bearerApiKey *", "bearerApiKey integrations:write", "bearerEmbedToken crm:write", Session]),
            ("post", "/api/v1/integrations/juxa-docs-handoff", ["bearerApiKey *", "bearerApiKey integrations:handoff", "bearerApiKey integrations:write", Session]),
            // Schema writes: a * key or an admin's session; integrations:write and embed tokens are refused.
            ("post", "/api/v1/objects", ["bearerApiKey *", Session]),
            ("get", "/api/v1/apps/installations", [Session]),
        ];

        Assert.All(operations, o =>
        {
            var security = document["paths"]![o.Path]![o.Method]!["security"]!.AsArray();
            // OpenAPI ANDs what one requirement object lists: one scheme and at most one scope each, since any one scope suffices.
            var requirements = security.Select(r => r!.AsObject().Single()).Select(r => string.Join(' ', [r.Key, .. r.Value!.AsArray().Select(s => s!.GetValue<string>())]));
            Assert.Equal(o.Requirements.Order(StringComparer.Ordinal), requirements.Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public async Task Guarded_operations_document_401_and_403_and_anonymous_ones_no_security()
    {
        var document = await DocumentAsync();
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!)))
            .ToList();

        var anonymous = operations.Where(o => o.Operation["security"] is not JsonArray { Count: > 0 }).Select(o => $"{o.Method} {o.Path}");
        var guarded = operations.Where(o => o.Operation["security"] is JsonArray { Count: > 0 }).ToList();

        Assert.Equal(["post /api/v1/auth/login", "post /api/v1/auth/signup"], anonymous.Order(StringComparer.Ordinal));
        Assert.All(guarded, o => Assert.All(new[] { "401", "403" }, status =>
            Assert.True(o.Operation["responses"]![status]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>() == "#/components/schemas/ErrorEnvelope",
                $"{o.Method} {o.Path} does not document {status}")));
    }

    private static JsonNode Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!
            : schema;

    private static string[] Required(JsonNode schema) =>
        schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray() ?? [];
}
