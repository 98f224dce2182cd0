using System.Net;
using System.Text.Json.Nodes;

namespace Juxa.Tests.Infrastructure;

public static class ResponseAssertions
{
    /// <summary>Asserts the status and that the body is exactly the error envelope with this code; returns the error object.</summary>
    public static async Task<JsonObject> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["error"], body.Select(p => p.Key));
        var error = body["error"]!.AsObject();
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        return error;
    }
}
