using System.Net;
using System.Net.Http.Json;
using Juxa.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Juxa.Tests.Realtime;

/// <summary>
/// Open hub connections are authorized again: on every method call (counted against a key's limit) and
/// periodically, so a revoked key or an ended session stops receiving events without waiting for a reconnect.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HubCredentialTests(ApiFixture api)
{
    [Fact]
    public async Task A_revoked_key_and_a_logged_out_session_lose_their_open_connections()
    {
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?>
        {
            ["Juxa:Realtime:CredentialCheckInterval"] = "00:00:00.500",
        }).StartKestrel();
        var server = host.ServerAddress!;
        using var session = new JuxaClient(host.CreateHttpClient(cookies: true));
        var email = $"hub-{Guid.NewGuid():N}@example.com";
        await session.PostOkAsync("/api/v1/auth/signup", new { email, password = "correct horse battery", workspaceName = "Hub checks" });
        var key = await session.PostOkAsync("/api/v1/api-keys", new { name = "hub", scopes = new[] { "integrations:read" } });
        var kept = await session.PostOkAsync("/api/v1/api-keys", new { name = "kept", scopes = new[] { "integrations:read" } });
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = server })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "correct horse battery" })).StatusCode);
        }

        await using var byKey = await HubListener.ConnectAsync(server, key["token"]!.GetValue<string>());
        await using var byKeptKey = await HubListener.ConnectAsync(server, kept["token"]!.GetValue<string>());
        await using var bySession = await HubListener.ConnectAsync(server, options => options.Cookies = cookies);
        Assert.Equal(HttpStatusCode.OK, (await session.DeleteAsync($"/api/v1/api-keys/{key["id"]}")).StatusCode);
        using (var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = server })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/v1/auth/logout", new { })).StatusCode);
        }

        await Eventually.HoldsAsync("the connections to close after their credentials ended", () => byKey.Connection.State == HubConnectionState.Disconnected && bySession.Connection.State == HubConnectionState.Disconnected);
        Assert.Equal(HubConnectionState.Connected, byKeptKey.Connection.State);
        await byKeptKey.Connection.InvokeAsync("SubscribeObject", "people");
    }

    [Fact]
    public async Task Hub_calls_count_against_the_keys_rate_limit()
    {
        var user = await api.SignUpAsync();
        // Negotiating and connecting take two units, the first call the third.
        var (token, _) = await user.CreateKeyAsync(["integrations:read"], rateLimitPerMinute: 3);
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);

        await hub.Connection.InvokeAsync("SubscribeObject", "people");
        var limited = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeObject", "companies"));

        Assert.Contains("rate limit", limited.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }
}
