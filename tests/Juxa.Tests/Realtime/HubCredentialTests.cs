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
    public async Task A_revoked_keys_open_connection_closes_at_once_without_waiting_for_the_periodic_check()
    {
        // The shared host checks open connections once a minute (the default): only being told closes them sooner.
        var user = await api.SignUpAsync();
        var (revokedToken, revokedId) = await user.CreateKeyAsync(["integrations:read"]);
        var (keptToken, _) = await user.CreateKeyAsync(["integrations:read"]);
        await using var revoked = await HubListener.ConnectAsync(api.Factory.ServerAddress!, revokedToken);
        await using var kept = await HubListener.ConnectAsync(api.Factory.ServerAddress!, keptToken);

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/api-keys/{revokedId}")).StatusCode);
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "After Revoke" } }))["id"]!.GetValue<Guid>();
        await kept.WaitForRecordAsync(Juxa.Realtime.RealtimeEventTypes.RecordCreated, id);

        await Eventually.HoldsAsync("the revoked key's connection to close", () => revoked.Connection.State == HubConnectionState.Disconnected);
        Assert.DoesNotContain(revoked.Received, r => r.Payload.TryGetProperty("recordId", out var recordId) && recordId.GetGuid() == id);
        Assert.Equal(HubConnectionState.Connected, kept.Connection.State);
    }

    [Fact]
    public async Task A_removed_members_open_connections_close_at_once_without_waiting_for_the_periodic_check()
    {
        // The shared host checks open connections once a minute (the default): only being told closes them sooner.
        var owner = await api.SignUpAsync();
        var member = await api.AddMemberAsync(owner, role: "admin");
        var (memberToken, _) = await member.CreateKeyAsync(["integrations:read"]);
        var (ownerToken, _) = await owner.CreateKeyAsync(["integrations:read"]);
        var server = api.Factory.ServerAddress!;
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = server })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = member.Email, password = member.Password })).StatusCode);
        }

        await using var bySession = await HubListener.ConnectAsync(server, options => options.Cookies = cookies);
        await using var byKey = await HubListener.ConnectAsync(server, memberToken);
        await using var kept = await HubListener.ConnectAsync(server, ownerToken);

        Assert.Equal(HttpStatusCode.OK, (await owner.Session.DeleteAsync($"/api/v1/workspace-members/{member.MemberId}")).StatusCode);
        var id = (await owner.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "After Removal" } }))["id"]!.GetValue<Guid>();
        await kept.WaitForRecordAsync(Juxa.Realtime.RealtimeEventTypes.RecordCreated, id);

        await Eventually.HoldsAsync("the removed member's connections to close",
            () => bySession.Connection.State == HubConnectionState.Disconnected && byKey.Connection.State == HubConnectionState.Disconnected);
        Assert.All(new[] { bySession, byKey }, listener =>
            Assert.DoesNotContain(listener.Received, r => r.Payload.TryGetProperty("recordId", out var recordId) && recordId.GetGuid() == id));
        Assert.Equal(HubConnectionState.Connected, kept.Connection.State);
    }

    [Fact]
    public async Task Logging_out_closes_the_sessions_open_connection_at_once_and_leaves_another_session_open()
    {
        // The shared host checks open connections once a minute (the default): only being told closes them sooner.
        var user = await api.SignUpAsync();
        var server = api.Factory.ServerAddress!;
        var (leaving, staying) = (new CookieContainer(), new CookieContainer());
        foreach (var cookies in new[] { leaving, staying })
        {
            using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = server };
            Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).StatusCode);
        }

        await using var loggedOut = await HubListener.ConnectAsync(server, options => options.Cookies = leaving);
        await using var kept = await HubListener.ConnectAsync(server, options => options.Cookies = staying);
        using (var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = leaving }) { BaseAddress = server })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/v1/auth/logout", new { })).StatusCode);
        }

        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "After Logout" } }))["id"]!.GetValue<Guid>();
        await kept.WaitForRecordAsync(Juxa.Realtime.RealtimeEventTypes.RecordCreated, id);

        await Eventually.HoldsAsync("the logged-out session's connection to close", () => loggedOut.Connection.State == HubConnectionState.Disconnected);
        Assert.DoesNotContain(loggedOut.Received, r => r.Payload.TryGetProperty("recordId", out var recordId) && recordId.GetGuid() == id);
        Assert.Equal(HubConnectionState.Connected, kept.Connection.State);
    }

    [Fact]
    public async Task Switching_a_session_closes_its_connection_in_the_workspace_it_left_and_a_switch_to_its_own_workspace_closes_none()
    {
        // The shared host checks open connections once a minute (the default): only being told closes them sooner.
        var user = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var invitation = await other.Session.PostOkAsync("/api/v1/workspace-members", new { email = user.Email });
        await user.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = invitation["invitationToken"]!.GetValue<string>() });
        var server = api.Factory.ServerAddress!;
        var cookies = new CookieContainer();
        using var browser = new JuxaClient(new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = server });
        var current = (await browser.PostOkAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }))["workspace"]!["id"]!.GetValue<Guid>();
        var (away, writerHere, writerAway) = current == user.WorkspaceId
            ? (other.WorkspaceId, user.Session, other.Session)
            : (user.WorkspaceId, other.Session, user.Session);
        await using var hub = await HubListener.ConnectAsync(server, options => options.Cookies = cookies);

        // A switch to the workspace the session acts in changes nothing: its connection stays, and hears the workspace.
        await browser.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = current });
        var here = (await writerHere.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Still Here" } }))["id"]!.GetValue<Guid>();
        await hub.WaitForRecordAsync(Juxa.Realtime.RealtimeEventTypes.RecordCreated, here);
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);

        // A switch away closes it at once; a new connection on the same cookie follows the new workspace.
        await browser.PostOkAsync("/api/v1/auth/workspace", new { workspaceId = away });
        await Eventually.HoldsAsync("the connection in the workspace it left to close", () => hub.Connection.State == HubConnectionState.Disconnected);
        await using var again = await HubListener.ConnectAsync(server, options => options.Cookies = cookies);
        var there = (await writerAway.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Over There" } }))["id"]!.GetValue<Guid>();
        await again.WaitForRecordAsync(Juxa.Realtime.RealtimeEventTypes.RecordCreated, there);
    }

    [Fact]
    public async Task A_keys_open_connection_closes_when_the_key_expires_without_waiting_for_the_periodic_check()
    {
        // A host of its own whose periodic check never comes during the test: only the expiry timer can close the connection.
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?>
        {
            ["Juxa:Realtime:CredentialCheckInterval"] = "01:00:00",
        }).StartKestrel();
        var server = host.ServerAddress!;
        using var session = new JuxaClient(host.CreateHttpClient(cookies: true));
        await session.PostOkAsync("/api/v1/auth/signup", new { email = $"expiry-{Guid.NewGuid():N}@example.com", password = "correct horse battery", workspaceName = "Expiry" });
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var expiring = (await session.PostOkAsync("/api/v1/api-keys", new { name = "expiring", scopes = new[] { "integrations:read" }, expiresAt }))["token"]!.GetValue<string>();
        var later = (await session.PostOkAsync("/api/v1/api-keys", new { name = "later", scopes = new[] { "integrations:read" }, expiresAt = DateTimeOffset.UtcNow.AddHours(1) }))["token"]!.GetValue<string>();

        await using var byExpiring = await HubListener.ConnectAsync(server, expiring);
        await using var byLater = await HubListener.ConnectAsync(server, later);
        Assert.Equal(HubConnectionState.Connected, byExpiring.Connection.State);

        await Eventually.HoldsAsync("the expired key's connection to close", () => byExpiring.Connection.State == HubConnectionState.Disconnected);
        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "The connection closed before its key expired.");
        var id = (await session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "After Expiry" } }))["id"]!.GetValue<Guid>();
        await byLater.WaitForRecordAsync(Juxa.Realtime.RealtimeEventTypes.RecordCreated, id);
        Assert.Equal(HubConnectionState.Connected, byLater.Connection.State);
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
    [Fact]
    public async Task One_credential_holds_at_most_the_configured_connections_on_a_host()
    {
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?>
        {
            ["Juxa:Realtime:MaxConnectionsPerCredential"] = "2",
        }).StartKestrel();
        var server = host.ServerAddress!;
        using var session = new JuxaClient(host.CreateHttpClient(cookies: true));
        await session.PostOkAsync("/api/v1/auth/signup", new { email = $"cap-{Guid.NewGuid():N}@example.com", password = "correct horse battery", workspaceName = "Caps" });
        var capped = (await session.PostOkAsync("/api/v1/api-keys", new { name = "capped", scopes = new[] { "integrations:read" } }))["token"]!.GetValue<string>();
        var other = (await session.PostOkAsync("/api/v1/api-keys", new { name = "other", scopes = new[] { "integrations:read" } }))["token"]!.GetValue<string>();

        var first = await HubListener.ConnectAsync(server, capped);
        await using var second = await HubListener.ConnectAsync(server, capped);
        var refusal = await RefusalAsync(server, capped);
        await using var otherKey = await HubListener.ConnectAsync(server, other);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.Contains("2 open connections", refusal);
        Assert.Equal(HubConnectionState.Connected, second.Connection.State);
        Assert.Equal(HubConnectionState.Connected, otherKey.Connection.State);
        // A closed connection gives its place back.
        await first.DisposeAsync();
        await Eventually.HoldsAsync("a connection in the place the first one left", async () =>
        {
            await using var again = await HubListener.ConnectAsync(server, capped);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            return again.Connection.State == HubConnectionState.Connected;
        });
    }

    /// <summary>Why the server closed a new connection: it refuses in OnConnectedAsync, right after the handshake, so the
    /// close is listened for before the connection starts.</summary>
    private static async Task<string> RefusalAsync(Uri server, string token)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/notifications"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return reason?.Message ?? "";
    }

}
