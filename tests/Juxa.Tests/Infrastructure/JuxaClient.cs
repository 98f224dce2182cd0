using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Juxa.Tests.Infrastructure;

/// <summary>An HTTP client for the API with helpers that read the envelope.</summary>
public sealed class JuxaClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public static JuxaClient WithKey(HttpClient http, string token)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new JuxaClient(http);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => Http.DeleteAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path, object? body) => Http.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PatchAsync(string path, object? body) => Http.PatchAsJsonAsync(path, body);

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string content, string contentType)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(content, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Http.SendAsync(request);
    }

    /// <summary>GETs and returns <c>data</c>, failing the test unless the status is 200.</summary>
    public async Task<JsonNode> GetOkAsync(string path) => await DataAsync(await GetAsync(path), HttpStatusCode.OK);

    /// <summary>POSTs and returns <c>data</c>, failing the test unless the status is 2xx.</summary>
    public async Task<JsonNode> PostOkAsync(string path, object? body) => await DataAsync(await PostAsync(path, body));

    public async Task<JsonNode> PatchOkAsync(string path, object? body) => await DataAsync(await PatchAsync(path, body), HttpStatusCode.OK);

    public static async Task<JsonNode> DataAsync(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (expected is { } status ? response.StatusCode != status : !response.IsSuccessStatusCode)
        {
            var server = (int)response.StatusCode >= 500
                ? Environment.NewLine + "Server log: " + ServerErrors.For(response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null)
                : "";
            Assert.Fail($"Expected {(expected?.ToString() ?? "success")}, got {(int)response.StatusCode}: {text}{server}");
        }

        return JsonNode.Parse(text)!["data"] ?? throw new Xunit.Sdk.XunitException($"No data in {text}");
    }

    public void Dispose() => Http.Dispose();
}
