using System.Net;
using System.Security.Cryptography;
using System.Text;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Apps;

/// <summary>oc_embed_ tokens: minted through a session, scoped by the manifest, rate limited, and dead once their app is uninstalled.</summary>
[Collection(ApiCollection.Name)]
public sealed class EmbedTokenTests(ApiFixture api)
{
    [Fact]
    public async Task A_token_is_short_lived_carries_the_manifest_scopes_and_is_stored_hashed()
    {
        var admin = await api.SignUpAsync();
        using var @operator = await api.OperatorAsync();
        await admin.EntitleAsync(@operator);
        var installationId = await admin.InstallAsync(await admin.PublishAsync(["crm:read", "chat"], osintResearch: true));

        var minted = await admin.MintEmbedAsync(installationId);

        var token = minted["token"]!.GetValue<string>();
        Assert.StartsWith("oc_embed_", token);
        Assert.Equal(["crm:read", "chat", "osint:research"], minted["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.InRange(minted["expiresAt"]!.GetValue<DateTimeOffset>() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(installationId, minted["installationId"]!.GetValue<Guid>());
        await using var db = api.Database.CreateDataSource();
        await using var row = db.CreateCommand("SELECT t::text FROM embed_tokens t WHERE token_hash = $1");
        row.Parameters.AddWithValue(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var stored = (string?)await row.ExecuteScalarAsync();
        Assert.NotNull(stored);
        Assert.DoesNotContain(token["oc_embed_".Length..], stored);
    }

    [Fact]
    public async Task A_read_scoped_token_reads_records_as_its_member_and_cannot_write()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);
        var person = await app.Admin.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Embedded Reader" } });

        var read = await app.Embed.GetOkAsync($"/api/v1/objects/people/records/{person["id"]}");
        var list = await app.Embed.GetOkAsync("/api/v1/objects/people/records");
        var write = await app.Embed.PostAsync("/api/v1/objects/people/records", new { values = new { name = "Not allowed" } });

        Assert.Equal("Embedded Reader", read["values"]!["name"]!["full_name"]!.GetValue<string>());
        Assert.Equal(1, list["pagination"]!["total"]!.GetValue<int>());
        var error = await write.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("crm:write", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_write_scoped_token_writes_records_attributed_to_the_member_who_minted_it()
    {
        var app = await api.EmbeddedAppAsync(["crm:write"]);

        var created = await app.Embed.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Written By Embed" } });
        var activity = await app.Admin.Session.GetOkAsync($"/api/v1/objects/people/records/{created["id"]}/activity");

        var entry = activity["activity"]!.AsArray()[0]!;
        Assert.Equal("member", entry["actor"]!["type"]!.GetValue<string>());
        Assert.Equal(app.Admin.MemberId, entry["actor"]!["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("GET", "/api/v1/api-keys")]
    [InlineData("POST", "/api/v1/api-keys")]
    [InlineData("PATCH", "/api/v1/workspace")]
    [InlineData("POST", "/api/v1/objects")]
    [InlineData("POST", "/api/v1/workspace-members")]
    [InlineData("POST", "/api/v1/integrations/juxa-docs-handoff")]
    [InlineData("POST", "/api/v1/integrations/juxa-docs-handoff/oc_handoff_x/consume")]
    [InlineData("GET", "/api/v1/auth/me")]
    [InlineData("POST", "/api/v1/auth/logout")]
    [InlineData("GET", "/api/v1/apps/marketplace")]
    [InlineData("GET", "/api/v1/apps/installations")]
    [InlineData("POST", "/api/v1/apps/installations/{installation}/embed-sessions")]
    [InlineData("DELETE", "/api/v1/apps/installations/{installation}")]
    [InlineData("GET", "/api/v1/workspaces/{workspace}/ecosystem-builder-entitlement")]
    [InlineData("POST", "/api/v1/apps/osint-research")]
    [InlineData("GET", "/dashboard/")]
    public async Task Everything_outside_the_manifest_is_403_even_for_a_token_an_admin_minted(string method, string path)
    {
        var app = await api.EmbeddedAppAsync(["crm:read", "crm:write", "chat"]);
        var url = path.Replace("{installation}", app.InstallationId.ToString()).Replace("{workspace}", app.Admin.WorkspaceId.ToString());

        var response = await app.Embed.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "GET" ? null : System.Net.Http.Json.JsonContent.Create(new { name = "x", subject = "x", question = "y" }),
        });

        var error = await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.StartsWith("Embed tokens cannot use this endpoint", error["message"]!.GetValue<string>());
        Assert.Equal(1, (await app.Admin.Session.GetOkAsync("/api/v1/apps/installations"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Uninstalling_kills_the_token_at_once_on_every_host()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);
        await using var second = new JuxaApiFactory(api.Database, new Dictionary<string, string?> { ["Juxa:Orleans:Mode"] = "Client" })
        {
            ClusterId = api.Factory.ClusterId,
        };
        second.StartKestrel();
        using var viaSecond = JuxaClient.WithKey(second.CreateHttpClient(), app.Token);
        var before = await viaSecond.GetAsync("/api/v1/objects/people/records");

        var uninstalled = await app.Admin.Session.DeleteAsync($"/api/v1/apps/installations/{app.InstallationId}");
        var afterHere = await app.Embed.GetAsync("/api/v1/objects/people/records");
        var afterThere = await viaSecond.GetAsync("/api/v1/objects/people/records");
        var mintAfter = await app.Admin.Session.PostAsync($"/api/v1/apps/installations/{app.InstallationId}/embed-sessions", new { });

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(1, (await JuxaClient.DataAsync(uninstalled, HttpStatusCode.OK))["revokedEmbedTokens"]!.GetValue<int>());
        var error = await afterHere.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("uninstalled", error["message"]!.GetValue<string>());
        await afterThere.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await mintAfter.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Uninstalling_closes_the_tokens_open_hub_connections_on_every_host_at_once()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);
        var (adminKey, _) = await app.Admin.CreateKeyAsync(["*"]);
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        // By id, not by count: a host another test stopped may still be listed, and drop out meanwhile.
        var hostsBefore = (await grains.GetGrain<IRealtimeHostsGrain>(0).GetHostsAsync()).Select(h => h.HostId).ToHashSet();
        await using var second = new JuxaApiFactory(api.Database, new Dictionary<string, string?> { ["Juxa:Orleans:Mode"] = "Client" })
        {
            ClusterId = api.Factory.ClusterId,
        };
        second.StartKestrel();
        await Eventually.HoldsAsync("the second host registers", async () =>
            (await grains.GetGrain<IRealtimeHostsGrain>(0).GetHostsAsync()).Any(h => !hostsBefore.Contains(h.HostId)));
        await using var embedHere = await HubListener.ConnectAsync(api.Factory.ServerAddress!, app.Token);
        await using var embedThere = await HubListener.ConnectAsync(second.ServerAddress!, app.Token);
        await using var control = await HubListener.ConnectAsync(api.Factory.ServerAddress!, adminKey);

        var uninstalled = await app.Admin.Session.DeleteAsync($"/api/v1/apps/installations/{app.InstallationId}");
        var id = (await app.Admin.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "After Uninstall" } }))["id"]!.GetValue<Guid>();
        await control.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id);

        Assert.Equal(HttpStatusCode.OK, uninstalled.StatusCode);
        // Without the hosts being told, the connections stayed open (and kept receiving the workspace's events) until the
        // next periodic credential check, up to a minute later. 15 s is well inside that and far beyond the telling.
        await Eventually.HoldsAsync("the uninstalled app's connections to close",
            () => embedHere.Connection.State == HubConnectionState.Disconnected && embedThere.Connection.State == HubConnectionState.Disconnected);
        Assert.DoesNotContain(embedHere.Received, r => r.Payload.TryGetProperty("recordId", out var recordId) && recordId.GetGuid() == id);
        Assert.DoesNotContain(embedThere.Received, r => r.Payload.TryGetProperty("recordId", out var recordId) && recordId.GetGuid() == id);
        Assert.Equal(HubConnectionState.Connected, control.Connection.State);
    }

    [Fact]
    public async Task Tokens_are_rate_limited_like_keys()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);
        const int limit = 300;

        var accepted = 0;
        for (var batch = 0; batch < limit / 20; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.Embed.GetAsync("/api/v1/objects/people/records?limit=1")));
            accepted += responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        }

        var refused = await app.Embed.GetAsync("/api/v1/objects/people/records?limit=1");

        Assert.Equal(limit, accepted);
        var error = await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.StartsWith("This embed token is limited to 300", error["message"]!.GetValue<string>());
        Assert.Equal("300", refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
    }

    [Theory]
    [InlineData("oc_embed_unknown0000000000000000000000000000000000")]
    [InlineData("oc_embed_")]
    public async Task Unknown_tokens_are_401(string token)
    {
        using var client = api.WithKey(token);

        var response = await client.GetAsync("/api/v1/objects/people/records");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
