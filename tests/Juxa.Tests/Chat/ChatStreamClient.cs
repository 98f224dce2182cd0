using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Chat;

/// <summary>One server-sent event: its name and JSON data.</summary>
public sealed record ChatSse(string Event, JsonNode Data);

/// <summary>Calls the streaming chat endpoints and reads their events as a client would, event by event.</summary>
public sealed class ChatStreamClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;

    private ChatStreamClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _events = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
    }

    public HttpResponseMessage Response => _response;

    /// <summary>POSTs and returns as soon as the headers arrive; fails the test unless the answer is a 200 event stream.</summary>
    public static async Task<ChatStreamClient> OpenAsync(JuxaClient client, string path, object body)
    {
        var response = await SendAsync(client, path, body);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"Expected a 200 event stream, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new ChatStreamClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>POSTs without reading the body (for error answers).</summary>
    public static Task<HttpResponseMessage> SendAsync(JuxaClient client, string path, object body) =>
        client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, HttpCompletionOption.ResponseHeadersRead);

    /// <summary>Opens the stream and reads it to the end.</summary>
    public static async Task<List<ChatSse>> ReadAllAsync(JuxaClient client, string path, object body)
    {
        await using var stream = await OpenAsync(client, path, body);
        return await stream.RestAsync();
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<ChatSse?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await _events.MoveNextAsync().AsTask().WaitAsync(timeout.Token)
            ? new ChatSse(_events.Current.EventType, JsonNode.Parse(_events.Current.Data)!)
            : null;
    }

    /// <summary>Every remaining event.</summary>
    public async Task<List<ChatSse>> RestAsync()
    {
        var all = new List<ChatSse>();
        while (await NextAsync() is { } next)
        {
            all.Add(next);
        }

        return all;
    }

    /// <summary>Leaves mid-stream, as a client that closes the tab: the connection is dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        _response.Dispose();
    }
}
