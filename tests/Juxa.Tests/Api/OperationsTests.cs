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
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        using var client = api.Anonymous();

        var response = await client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
