using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Realtime;

/// <summary>The notifications hub over WebSockets on the fixture's real Kestrel server, fed by REST writes.</summary>
[Collection(ApiCollection.Name)]
public sealed class NotificationsHubTests(ApiFixture api)
{
    private Uri Server => api.Factory.ServerAddress!;

    private static async Task<Guid> CreateAsync(JuxaClient client, string slug, object values) =>
        (await client.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    private async Task<(SignedUp User, HubListener Hub)> ConnectedUserAsync()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        return (user, await HubListener.ConnectAsync(Server, token));
    }

    [Fact]
    public async Task A_rest_create_reaches_a_connected_client_as_recordCreated()
    {
        var (user, hub) = await ConnectedUserAsync();
        await using var _ = hub;

        var id = await CreateAsync(user.Session, "people", new { name = "Ada Lovelace" });
        var e = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id);

        Assert.Equal("recordCreated", e.GetProperty("type").GetString());
        Assert.Equal(user.WorkspaceId, e.GetProperty("workspaceId").GetGuid());
        Assert.Equal("people", e.GetProperty("object").GetString());
        Assert.Equal("member", e.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal(user.MemberId, e.GetProperty("actor").GetProperty("id").GetGuid());
        Assert.True(e.GetProperty("sequence").GetInt64() >= 1);
        Assert.True(DateTimeOffset.UtcNow - e.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        Assert.False(e.TryGetProperty("changedAttributes", out var _));
    }

    [Fact]
    public async Task Updates_carry_their_changed_attributes_no_op_updates_send_nothing_and_sequences_count_up_by_one()
    {
        var (user, hub) = await ConnectedUserAsync();
        await using var _ = hub;
        var id = await CreateAsync(user.Session, "people", new { name = "Ada Lovelace", job_title = "Analyst" });
        var path = $"/api/v1/objects/people/records/{id}";

        await user.Session.PatchOkAsync(path, new { values = new { job_title = "Engineer", description = "new" } });
        await user.Session.PatchOkAsync(path, new { values = new { job_title = "Engineer" } });
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync(path)).StatusCode);
        var deleted = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordDeleted, id);
        var events = hub.Received.Where(r => r.Payload.GetProperty("recordId").GetGuid() == id).ToList();

        Assert.Equal(["recordCreated", "recordUpdated", "recordDeleted"], events.Select(r => r.Method));
        var updated = events[1].Payload;
        Assert.Equal(["description", "job_title"], updated.GetProperty("changedAttributes").EnumerateArray().Select(a => a.GetString()));
        var sequences = events.Select(r => r.Payload.GetProperty("sequence").GetInt64()).ToArray();
        // Nothing else happens in this fresh workspace, so the workspace sequence has no gaps.
        Assert.Equal([sequences[0], sequences[0] + 1, sequences[0] + 2], sequences);
        Assert.Equal("people", deleted.GetProperty("object").GetString());
    }

    [Fact]
    public async Task An_api_key_write_names_the_key_as_actor()
    {
        var (user, hub) = await ConnectedUserAsync();
        await using var _ = hub;
        var (token, keyId) = await user.CreateKeyAsync();
        using var key = api.WithKey(token);

        var id = await CreateAsync(key, "companies", new { name = "Keyed Inc" });
        var e = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id);

        Assert.Equal("api_key", e.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal(keyId, e.GetProperty("actor").GetProperty("id").GetGuid());
        Assert.Equal("companies", e.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Subscribing_outside_the_workspace_throws_a_hub_exception_and_the_connection_stays_usable()
    {
        var (a, hub) = await ConnectedUserAsync();
        await using var _ = hub;
        var b = await api.SignUpAsync();
        var foreign = await CreateAsync(b.Session, "people", new { name = "Not Yours" });

        var foreignError = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeRecord", foreign.ToString()));
        var unknown = Guid.NewGuid();
        var unknownError = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeRecord", unknown.ToString()));
        var malformedError = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeRecord", "not-a-uuid"));
        var slugError = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeObject", "unicorns"));

        // The same answer for a foreign record as for one that does not exist: nothing leaks across workspaces.
        Assert.EndsWith($"Record '{foreign}' was not found in this workspace.", foreignError.Message);
        Assert.EndsWith($"Record '{unknown}' was not found in this workspace.", unknownError.Message);
        Assert.Contains("is not a record id", malformedError.Message);
        Assert.Contains("Object 'unicorns' was not found", slugError.Message);
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
        var own = await CreateAsync(a.Session, "people", new { name = "Mine" });
        await hub.Connection.InvokeAsync("SubscribeRecord", own.ToString());
        await hub.Connection.InvokeAsync("SubscribeObject", "people");
        await a.Session.PatchOkAsync($"/api/v1/objects/people/records/{own}", new { values = new { job_title = "Still here" } });
        await hub.WaitForRecordAsync(RealtimeEventTypes.RecordUpdated, own);
    }

    [Fact]
    public async Task A_huge_argument_is_refused_with_a_short_message_that_does_not_echo_it_back()
    {
        var (_, hub) = await ConnectedUserAsync();
        await using var _ = hub;
        // Just under SignalR's 32 KB message limit: the call reaches the hub method.
        var huge = new string('a', 30_000);

        var record = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeRecord", huge));
        var unsubscribe = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("UnsubscribeRecord", huge));
        var slug = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeObject", huge));

        Assert.All(new[] { record, unsubscribe, slug }, e => Assert.True(e.Message.Length < 300, $"{e.Message.Length} characters"));
        Assert.Contains("is not a record id", record.Message);
        Assert.Contains("is not a record id", unsubscribe.Message);
        Assert.Contains("was not found in this workspace", slug.Message);
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }

    [Fact]
    public async Task A_connection_in_the_workspace_object_and_record_groups_receives_each_event_once()
    {
        var (user, hub) = await ConnectedUserAsync();
        await using var _ = hub;
        var id = await CreateAsync(user.Session, "people", new { name = "Once Only" });
        await hub.Connection.InvokeAsync("SubscribeRecord", id.ToString());
        await hub.Connection.InvokeAsync("SubscribeObject", "people");

        await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{id}", new { values = new { job_title = "Counted" } });
        await hub.WaitForRecordAsync(RealtimeEventTypes.RecordUpdated, id);
        await Task.Delay(500);

        Assert.Single(hub.Received, r => r.Method == RealtimeEventTypes.RecordUpdated);
        Assert.Single(hub.Received, r => r.Method == RealtimeEventTypes.RecordCreated);
    }

    [Fact]
    public async Task A_connection_follows_up_to_1000_records_and_objects_besides_its_workspace_and_member()
    {
        var user = await api.SignUpAsync();
        // Unlimited: every hub method call would otherwise take one unit of the key's 300 a minute.
        var (token, _) = await user.CreateKeyAsync(rateLimitPerMinute: 0);
        await using var hub = await HubListener.ConnectAsync(Server, token);
        var imported = await user.Session.PostOkAsync("/api/v1/objects/people/records/import",
            new { rows = Enumerable.Range(0, 1000).Select(i => new { name = $"Person {i}" }).ToArray() });
        var ids = imported["createdIds"]!.AsArray().Select(id => id!.GetValue<Guid>()).ToArray();

        foreach (var id in ids[..999])
        {
            await hub.Connection.InvokeAsync("SubscribeRecord", id.ToString());
        }

        await hub.Connection.InvokeAsync("SubscribeObject", "people");
        var beyond = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeRecord", ids[999].ToString()));
        await hub.Connection.InvokeAsync("UnsubscribeRecord", ids[0].ToString());
        await hub.Connection.InvokeAsync("SubscribeRecord", ids[999].ToString());

        Assert.Equal(1000, ids.Length);
        Assert.Contains("at most 1000 records and objects", beyond.Message);
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }

    [Fact]
    public async Task A_notification_event_carries_the_notification_exactly_as_the_api_returns_it()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        var (token, _) = await owner.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(Server, token);

        // Several, so that a timestamp whose last tick happens to be 0 cannot hide a difference in precision.
        for (var i = 0; i < 3; i++)
        {
            await colleague.Session.PostOkAsync("/api/v1/tasks", new { content = $"For the owner {i}", assigneeIds = new[] { owner.MemberId } });
        }

        await Eventually.HoldsAsync("three notification events", () => hub.Received.Count(r => r.Method == RealtimeEventTypes.Notification) == 3);
        var rest = (await owner.Session.GetOkAsync("/api/v1/notifications"))["notifications"]!.AsArray();

        foreach (var e in hub.Received.Where(r => r.Method == RealtimeEventTypes.Notification))
        {
            var pushed = JsonNode.Parse(e.Payload.GetProperty("data").GetRawText())!;
            var stored = rest.Single(n => n!["id"]!.GetValue<Guid>() == pushed["id"]!.GetValue<Guid>())!;
            Assert.Equal(stored["createdAt"]!.GetValue<string>(), pushed["createdAt"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(stored, pushed), $"pushed {pushed.ToJsonString()}, stored {stored.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Unsubscribing_is_idempotent_and_works_for_deleted_records()
    {
        var (user, hub) = await ConnectedUserAsync();
        await using var _ = hub;
        var id = await CreateAsync(user.Session, "deals", new { name = "Short-lived" });
        await hub.Connection.InvokeAsync("SubscribeRecord", id.ToString());
        await user.Session.DeleteAsync($"/api/v1/objects/deals/records/{id}");

        await hub.Connection.InvokeAsync("UnsubscribeRecord", id.ToString());
        await hub.Connection.InvokeAsync("UnsubscribeRecord", id.ToString());
        await hub.Connection.InvokeAsync("UnsubscribeObject", "deals");

        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }

    [Fact]
    public async Task A_client_of_another_workspace_receives_nothing()
    {
        var (a, hubA) = await ConnectedUserAsync();
        var (b, hubB) = await ConnectedUserAsync();
        await using var _ = hubA;
        await using var __ = hubB;

        var inA = await CreateAsync(a.Session, "people", new { name = "Private to A" });
        var inB = await CreateAsync(b.Session, "people", new { name = "Private to B" });
        await hubA.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, inA);
        await hubB.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, inB);
        await a.Session.PatchOkAsync($"/api/v1/objects/people/records/{inA}", new { values = new { job_title = "Secret" } });
        await hubA.WaitForRecordAsync(RealtimeEventTypes.RecordUpdated, inA);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.All(hubB.Received, r => Assert.Equal(b.WorkspaceId, r.Payload.GetProperty("workspaceId").GetGuid()));
        Assert.All(hubA.Received, r => Assert.Equal(a.WorkspaceId, r.Payload.GetProperty("workspaceId").GetGuid()));
        Assert.DoesNotContain(hubB.Received, r => r.Payload.GetProperty("recordId").GetGuid() == inA);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("oc_sk_not_a_real_key_0000000000000000000000")]
    [InlineData("something-else")]
    public async Task A_connection_without_valid_credentials_is_refused_with_401(string? token)
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => HubListener.ConnectAsync(Server, token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task A_key_without_a_read_scope_is_refused_with_403()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(scopes: ["integrations:assistant"]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => HubListener.ConnectAsync(Server, token));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "UNAUTHORIZED")]
    [InlineData("oc_sk_not_a_real_key_0000000000000000000000", HttpStatusCode.Unauthorized, "UNAUTHORIZED")]
    [InlineData("assistant-only", HttpStatusCode.Forbidden, "FORBIDDEN")]
    public async Task A_refused_negotiate_answers_in_the_error_envelope(string? token, HttpStatusCode status, string code)
    {
        if (token == "assistant-only")
        {
            (token, _) = await (await api.SignUpAsync()).CreateKeyAsync(scopes: ["integrations:assistant"]);
        }

        using var http = new HttpClient { BaseAddress = Server };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/notifications/negotiate?negotiateVersion=1");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(code, body["error"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!["message"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Every_transport_works_with_a_bearer_token(HttpTransportType transport)
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(Server, options =>
        {
            options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            options.Transports = transport;
        });

        var id = await CreateAsync(user.Session, "people", new { name = "Transported" });

        await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id);
    }

    [Fact]
    public async Task The_session_cookie_authenticates_the_hub()
    {
        var user = await api.SignUpAsync();
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = Server })
        {
            var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        HubListener hub;
        try
        {
            hub = await HubListener.ConnectAsync(Server, options => options.Cookies = cookies);
        }
        catch (HttpRequestException error) when (error.StatusCode == HttpStatusCode.Forbidden)
        {
            // SignalR's negotiate (and Long Polling's sends) are cookie POSTs without a JSON body.
            Assert.Fail("CsrfProtectionMiddleware refused the hub's negotiate POST: exempt /hubs from its JSON-body rule (not from its Origin check).");
            throw;
        }

        await using var _ = hub;
        var id = await CreateAsync(user.Session, "people", new { name = "Cookie Monster" });

        var e = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id);
        Assert.Equal(user.WorkspaceId, e.GetProperty("workspaceId").GetGuid());
    }

    [Fact]
    public async Task A_cross_origin_connection_with_the_session_cookie_is_refused()
    {
        var user = await api.SignUpAsync();
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = Server })
        {
            (await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).EnsureSuccessStatusCode();
        }

        // WebSockets without negotiation: a GET handshake, which a foreign page could make with the cookie attached.
        await using var hub = await HubListener.ConnectAsync(Server, options =>
        {
            options.Cookies = cookies;
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            options.Headers["Origin"] = "https://evil.example";
        });
        var closed = new TaskCompletionSource<Exception?>();
        hub.Connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        // The server closes the connection as soon as it sees the foreign origin (right after the handshake).
        var reason = hub.Connection.State == HubConnectionState.Disconnected ? null : await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HubConnectionState.Disconnected, hub.Connection.State);
        if (reason is not null)
        {
            Assert.Contains("Cross-origin", reason.Message);
        }
    }

    [Fact]
    public async Task The_session_cookie_authenticates_a_websocket_without_negotiation()
    {
        var user = await api.SignUpAsync();
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = Server })
        {
            (await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).EnsureSuccessStatusCode();
        }

        await using var hub = await HubListener.ConnectAsync(Server, options =>
        {
            options.Cookies = cookies;
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            options.Headers["Origin"] = Server.GetLeftPart(UriPartial.Authority);
        });
        var id = await CreateAsync(user.Session, "people", new { name = "Same Origin" });

        await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id);
    }

    [Fact]
    public async Task A_member_notification_reaches_only_that_member_with_its_own_sequence()
    {
        var (user, hub) = await ConnectedUserAsync();
        var (other, otherHub) = await ConnectedUserAsync();
        await using var _ = hub;
        await using var __ = otherHub;
        var publisher = api.Factory.Services.GetRequiredService<IRealtimePublisher>();
        var recordId = await CreateAsync(user.Session, "people", new { name = "Workspace event first" });
        await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, recordId);

        await publisher.NotifyMemberAsync(user.WorkspaceId, user.MemberId, new { Kind = "mention", Message = "You were mentioned" });
        await publisher.NotifyMemberAsync(user.WorkspaceId, user.MemberId, new { Kind = "task_assigned" });
        await hub.WaitForAsync(RealtimeEventTypes.Notification, n => n.GetProperty("data").GetProperty("kind").GetString() == "task_assigned");
        await Task.Delay(300);

        var notifications = hub.Received.Where(r => r.Method == RealtimeEventTypes.Notification).Select(r => r.Payload).ToList();
        Assert.True(notifications.Count == 2, "Received: " + string.Join(", ", notifications));
        Assert.Equal(["mention", "task_assigned"], notifications.Select(n => n.GetProperty("data").GetProperty("kind").GetString()));
        Assert.Equal("You were mentioned", notifications[0].GetProperty("data").GetProperty("message").GetString());
        Assert.Equal(user.WorkspaceId, notifications[0].GetProperty("workspaceId").GetGuid());
        // The member's own counter: a fresh member starts at 1 whatever the workspace's counter is.
        Assert.Equal([1L, 2L], notifications.Select(n => n.GetProperty("sequence").GetInt64()));
        Assert.DoesNotContain(otherHub.Received, r => r.Method == RealtimeEventTypes.Notification);
    }
}
