using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// HEAD is a read (the contract's integrations:read covers "GET/HEAD"): every GET route under /api answers it with the
/// GET's status and headers and no body, after the same authentication, access check and rate limit.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HeadRequestTests(ApiFixture api)
{
    private static Task<HttpResponseMessage> HeadAsync(JuxaClient client, string path) =>
        client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

    [Fact]
    public async Task Head_on_a_record_is_200_with_the_get_headers_and_no_body()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(["integrations:read"], rateLimitPerMinute: 100);
        using var key = api.WithKey(token);
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { job_title = "Counsel" } }))["id"]!.GetValue<Guid>();
        var path = $"/api/v1/objects/people/records/{id}";

        var head = await HeadAsync(key, path);
        var get = await key.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal("100", head.Headers.GetValues("RateLimit-Limit").Single());
        Assert.True(head.Headers.Contains("RateLimit-Remaining") && head.Headers.Contains("X-Request-Id"));
        // HEAD is a request like any other: it took one unit of the key's window.
        Assert.Equal(int.Parse(head.Headers.GetValues("RateLimit-Remaining").Single()) - 1, int.Parse(get.Headers.GetValues("RateLimit-Remaining").Single()));
    }

    [Fact]
    public async Task Head_on_lists_answers_like_get()
    {
        var user = await api.SignUpAsync();

        foreach (var path in new[] { "/api/v1/objects", "/api/v1/objects/people/records?limit=5", "/api/v1/notifications", "/api/v1/workspace" })
        {
            var head = await HeadAsync(user.Session, path);

            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {path}: {(int)head.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Head_with_a_key_without_read_access_is_403()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(["integrations:assistant"]);
        using var key = api.WithKey(token);

        var response = await HeadAsync(key, "/api/v1/objects/people/records");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_on_a_missing_record_is_404_and_without_a_credential_401()
    {
        var user = await api.SignUpAsync();
        using var anonymous = api.Anonymous();

        var missing = await HeadAsync(user.Session, $"/api/v1/objects/people/records/{Guid.NewGuid()}");
        var unauthenticated = await HeadAsync(anonymous, "/api/v1/objects/people/records");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Empty(await missing.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_on_a_write_only_route_is_still_405()
    {
        var user = await api.SignUpAsync();

        var response = await HeadAsync(user.Session, "/api/v1/notifications/mark-all-read");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_get_operations_only_once()
    {
        using var client = api.Anonymous();
        var document = JsonNode.Parse(await (await client.GetAsync("/openapi.json")).Content.ReadAsStringAsync())!;

        var methods = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Key)).ToList();

        Assert.Contains("get", methods);
        Assert.DoesNotContain("head", methods);
    }
}
