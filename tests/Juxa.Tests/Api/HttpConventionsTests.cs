using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>The envelope and status for every kind of bad request, and nothing stored is lost.</summary>
[Collection(ApiCollection.Name)]
public sealed class HttpConventionsTests(ApiFixture api)
{
    [Fact]
    public async Task Invalid_json_is_400_invalid_json_and_changes_nothing()
    {
        var user = await api.SignUpAsync("Before");

        var response = await user.Session.SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", "{\"name\": ", "application/json");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");
        var workspace = await user.Session.GetOkAsync("/api/v1/workspace");
        Assert.Equal("Before", workspace["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_400_invalid_json_naming_the_path()
    {
        var response = await api.Bootstrap().SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", """{"name": 42}""", "application/json");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");
        Assert.Contains("$.name", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var response = await api.Bootstrap().SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", "name=x", "text/plain");

        await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var huge = "{\"name\": \"" + new string('a', 1_100_000) + "\"}";

        var response = await api.Bootstrap().SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", huge, "application/json");

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_413()
    {
        var huge = "{\"name\": \"" + new string('a', 1_100_000) + "\"}";
        var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/workspace")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await api.Bootstrap().Http.SendAsync(request);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task An_unknown_route_is_404_in_the_envelope()
    {
        var response = await api.Bootstrap().GetAsync("/api/v1/no-such-thing");

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_wrong_method_is_405_in_the_envelope()
    {
        var response = await api.Bootstrap().DeleteAsync("/api/v1/workspace");

        await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task A_malformed_route_id_is_404()
    {
        var response = await api.Bootstrap().DeleteAsync("/api/v1/api-keys/not-a-guid");

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Every_response_carries_a_request_id()
    {
        var ok = await api.Bootstrap().GetAsync("/api/v1/workspace");
        var error = await api.Bootstrap().GetAsync("/api/v1/nothing");
        // Errors raised while handling (an unknown id, a bad query value, a bad body) go through the exception
        // handler, which clears the response before writing the envelope.
        var thrown = await api.Bootstrap().GetAsync($"/api/v1/objects/people/records/{Guid.NewGuid()}");
        var badQuery = await api.Bootstrap().GetAsync("/api/v1/objects/people/records?limit=abc");
        var badBody = await api.Bootstrap().SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records", "{", "application/json");

        foreach (var response in new[] { ok, error, thrown, badQuery, badBody })
        {
            Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").Single()), $"{(int)response.StatusCode} without X-Request-Id");
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { thrown, badQuery, badBody }.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Json_is_camel_case_in_the_data_envelope()
    {
        var response = await api.Bootstrap().GetAsync("/api/v1/workspace");
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("{\"data\":{\"id\":", text);
        Assert.Contains("\"createdAt\":", text);
    }
}
