using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OperationsTests(ApiFixture api)
{
    [Fact]
    public async Task Ready_checks_the_database_and_the_cluster()
    {
        using var client = api.Anonymous();

        var ready = await client.GetOkAsync("/health/ready");

        Assert.Equal("healthy", ready["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["database"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["cluster"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_routes_errors_and_security()
    {
        using var client = api.Anonymous();

        var response = await client.GetAsync("/openapi.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document["paths"]!.AsObject();
        Assert.Contains("/api/v1/workspace", paths.Select(p => p.Key));
        Assert.Contains("/api/v1/api-keys/{keyId}", paths.Select(p => p.Key));
        Assert.DoesNotContain(paths, p => p.Key.StartsWith("/dashboard", StringComparison.Ordinal));
        var getWorkspace = paths["/api/v1/workspace"]!["get"]!;
        Assert.False(string.IsNullOrEmpty(getWorkspace["summary"]!.GetValue<string>()));
        Assert.NotNull(getWorkspace["responses"]!["401"]);
        Assert.NotNull(getWorkspace["security"]);
        Assert.NotNull(document["components"]!["securitySchemes"]!["bearerApiKey"]);
        Assert.NotNull(document["components"]!["schemas"]!["ErrorEnvelope"]);
        Assert.Null(document["components"]!["schemas"]!["JsonNodeOptions"]);
    }

    [Fact]
    public async Task Every_operation_has_a_summary_an_error_schema_and_security_unless_anonymous()
    {
        using var client = api.Anonymous();
        var document = JsonNode.Parse(await (await client.GetAsync("/openapi.json")).Content.ReadAsStringAsync())!;
        string[] anonymous = ["/api/v1/auth/signup", "/api/v1/auth/login", "/health/live", "/health/ready"];

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!)))
            .Where(o => o.Path.StartsWith("/api/v1", StringComparison.Ordinal))
            .ToList();

        Assert.True(operations.Count >= 25, $"only {operations.Count} operations documented");
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>()), $"{o.Method} {o.Path} has no summary");
            Assert.NotNull(o.Operation["responses"]!["500"]);
            Assert.True(anonymous.Contains(o.Path) || o.Operation["security"] is JsonArray { Count: > 0 }, $"{o.Method} {o.Path} has no security");
        });
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        using var client = api.Anonymous();

        var response = await client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
