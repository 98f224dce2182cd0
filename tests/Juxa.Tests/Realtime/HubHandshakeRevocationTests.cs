using System.Net;
using System.Net.WebSockets;
using System.Text;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Realtime;

/// <summary>
/// A credential is authenticated on the WebSocket upgrade, but the connection is only listed for closing once the
/// client's SignalR handshake arrives, a client round trip later. A key revoked in between must not slip through.
/// Raw WebSocket, so that the test (not the client library) decides when the handshake is sent.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HubHandshakeRevocationTests(ApiFixture api)
{
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task A_key_revoked_between_the_websocket_upgrade_and_the_handshake_gets_no_open_connection()
    {
        // The shared host checks open connections once a minute: only the connect itself can catch this one.
        var user = await api.SignUpAsync();
        var (token, keyId) = await user.CreateKeyAsync(["integrations:read"]);
        var server = api.Factory.ServerAddress!;
        using var socket = new ClientWebSocket();
        var url = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/hubs/notifications", Query = $"access_token={token}" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(url, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/api-keys/{keyId}")).StatusCode);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator), WebSocketMessageType.Text, true, timeout.Token);
        // The handshake answer, maybe with the refusal in the same frame.
        var received = new StringBuilder(await ReceiveAsync(socket, timeout.Token));
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "After Revoke" } }))["id"]!.GetValue<Guid>();
        using var listen = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        listen.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            while (await ReceiveAsync(socket, listen.Token) is { } message)
            {
                received.Append(message);
            }
        }
        catch (OperationCanceledException)
        {
            // Still open two seconds on: what it received says whether it was refused.
        }

        var messages = received.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("{}", messages[0]);
        Assert.DoesNotContain(messages, m => m.Contains(id.ToString()));
        Assert.Contains(messages, m => m.Contains("\"type\":7") && m.Contains("no longer authorizes"));
    }

    /// <summary>One WebSocket message as text; null once the server closed.</summary>
    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }
}
