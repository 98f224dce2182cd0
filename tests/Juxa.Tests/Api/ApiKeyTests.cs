using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests(ApiFixture api)
{
    [Fact]
    public async Task A_created_key_returns_its_token_once_and_works()
    {
        var user = await api.SignUpAsync();

        var created = await user.Session.PostOkAsync("/api/v1/api-keys", new { name = "CI", scopes = new[] { "integrations:read" } });
        var token = created["token"]!.GetValue<string>();
        var listed = await user.Session.GetOkAsync("/api/v1/api-keys");
        using var keyClient = api.WithKey(token);
        var workspace = await keyClient.GetOkAsync("/api/v1/workspace");

        Assert.StartsWith("oc_sk_", token);
        Assert.True(token.Length >= 40);
        Assert.Equal(token[..12], created["prefix"]!.GetValue<string>());
        var key = Assert.Single(listed["apiKeys"]!.AsArray())!;
        Assert.Null(key["token"]);
        Assert.Equal(["integrations:read"], key["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(1, listed["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(user.WorkspaceId, workspace["id"]!.GetValue<Guid>());
    }

    /// <summary>A created key's Location is a URL that answers GET with the key (never its token), for its own workspace only.</summary>
    [Fact]
    public async Task The_location_of_a_created_key_shows_the_key()
    {
        var user = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var created = await user.Session.PostAsync("/api/v1/api-keys", new { name = "Located", scopes = new[] { "integrations:read" } });
        var location = created.Headers.Location!.OriginalString;
        var id = (await JuxaClient.DataAsync(created, HttpStatusCode.Created))["id"]!.GetValue<Guid>();

        var key = await user.Session.GetOkAsync(location);
        var foreign = await other.Session.GetAsync(location);

        Assert.Equal($"/api/v1/api-keys/{id}", location);
        Assert.Equal(id, key["id"]!.GetValue<Guid>());
        Assert.Equal("Located", key["name"]!.GetValue<string>());
        Assert.Equal(["integrations:read"], key["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Null(key["token"]);
        await foreign.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        var user = await api.SignUpAsync();
        var (token, id) = await user.CreateKeyAsync();

        await using var db = api.Database.CreateDataSource();
        await using var command = db.CreateCommand("SELECT row_to_json(k)::text FROM api_keys k WHERE id = $1");
        command.Parameters.AddWithValue(id);
        var row = (string)(await command.ExecuteScalarAsync())!;

        Assert.DoesNotContain(token, row);
        Assert.DoesNotContain(token[12..], row);
    }

    [Fact]
    public async Task Default_scopes_are_all()
    {
        var user = await api.SignUpAsync();

        var created = await user.Session.PostOkAsync("/api/v1/api-keys", new { name = "full" });

        Assert.Equal(["*"], created["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    /// <summary>null: the server's limit, so every request asks the key's grain; 0: unlimited, so the host reuses the
    /// grain's decision for seconds and revocation has to evict it.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public async Task A_revoked_key_gets_401_at_once(int? rateLimitPerMinute)
    {
        var user = await api.SignUpAsync();
        var (token, id) = await user.CreateKeyAsync(rateLimitPerMinute: rateLimitPerMinute);
        using var keyClient = api.WithKey(token);
        await keyClient.GetOkAsync("/api/v1/workspace");
        await keyClient.GetOkAsync("/api/v1/workspace");

        var revoke = await user.Session.DeleteAsync($"/api/v1/api-keys/{id}");
        var after = await keyClient.GetAsync("/api/v1/workspace");

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var error = await after.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("revoked", error["message"]!.GetValue<string>());
        var listed = await user.Session.GetOkAsync("/api/v1/api-keys");
        Assert.NotNull(listed["apiKeys"]![0]!["revokedAt"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public async Task An_expired_key_gets_401(int? rateLimitPerMinute)
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(rateLimitPerMinute: rateLimitPerMinute, expiresAt: DateTimeOffset.UtcNow.AddSeconds(1.5));
        using var keyClient = api.WithKey(token);
        await keyClient.GetOkAsync("/api/v1/workspace");

        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await keyClient.GetAsync("/api/v1/workspace");

        var error = await after.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("expired", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_and_malformed_keys_get_401()
    {
        using var unknown = api.WithKey("oc_sk_" + new string('x', 43));
        using var foreign = api.WithKey("ghp_notoursatall");

        await (await unknown.GetAsync("/api/v1/workspace")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await foreign.GetAsync("/api/v1/workspace")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    /// <summary>
    /// A worker pool that starts with a mistyped key sends its requests at once. Each is a 401, never a 503 ("retry in a
    /// moment"), which would have it retry a key that can never work: the unknown key's grain must not deactivate under
    /// the requests queued for it, which Orleans then forwards to fresh activations until it rejects them.
    /// </summary>
    [Fact]
    public async Task Concurrent_requests_with_an_unknown_key_all_get_401()
    {
        var tokens = Enumerable.Range(0, 4).Select(_ => "oc_sk_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_')).ToList();
        var clients = tokens.Select(api.WithKey).ToList();

        var responses = await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, 100).Select(_ => client.GetAsync("/api/v1/workspace"))));

        Assert.Equal([(HttpStatusCode.Unauthorized, 400)],
            responses.GroupBy(r => r.StatusCode).Select(g => (g.Key, g.Count())));
        clients.ForEach(client => client.Dispose());
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"k","scopes":["integrations:everything"]}""", "scopes")]
    [InlineData("""{"name":"k","scopes":[]}""", "scopes")]
    [InlineData("""{"name":"k","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"name":"k","rateLimitPerMinute":-1}""", "rateLimitPerMinute")]
    public async Task Invalid_key_requests_are_400_with_the_field_named(string body, string field)
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/api-keys", body, "application/json");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(error["details"]![field]);
        var listed = await user.Session.GetOkAsync("/api/v1/api-keys");
        Assert.Empty(listed["apiKeys"]!.AsArray());
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_404()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.DeleteAsync($"/api/v1/api-keys/{Guid.NewGuid()}");

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Key_listing_paginates()
    {
        var user = await api.SignUpAsync();
        for (var i = 0; i < 3; i++)
        {
            await user.CreateKeyAsync();
        }

        var page = await user.Session.GetOkAsync("/api/v1/api-keys?limit=2&offset=2");

        Assert.Single(page["apiKeys"]!.AsArray());
        Assert.Equal(3, page["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(2, page["pagination"]!["limit"]!.GetValue<int>());
        Assert.Equal(2, page["pagination"]!["offset"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("offset=-1")]
    public async Task Bad_pagination_is_400(string query)
    {
        var response = await api.Bootstrap().GetAsync("/api/v1/api-keys?" + query);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_key_acts_as_its_creator()
    {
        var user = await api.SignUpAsync();
        var (token, id) = await user.CreateKeyAsync();
        using var keyClient = api.WithKey(token);

        var me = await keyClient.GetOkAsync("/api/v1/auth/me");

        Assert.Equal("api_key", me["actor"]!["type"]!.GetValue<string>());
        Assert.Equal(id, me["actor"]!["id"]!.GetValue<Guid>());
        Assert.Equal(user.MemberId, me["member"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task An_expiry_with_an_offset_is_the_same_instant_in_utc()
    {
        var user = await api.SignUpAsync();

        var created = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/api-keys",
            """{"name": "offset", "expiresAt": "2030-01-01T00:00:00+01:00"}""", "application/json");
        var key = await JuxaClient.DataAsync(created, HttpStatusCode.Created);

        Assert.Equal(new DateTimeOffset(2029, 12, 31, 23, 0, 0, TimeSpan.Zero), key["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(TimeSpan.Zero, key["expiresAt"]!.GetValue<DateTimeOffset>().Offset);
    }

    [Fact]
    public async Task A_key_does_not_learn_its_creators_other_workspaces()
    {
        var user = await api.SignUpAsync();
        var other = await api.SignUpAsync("The creator's other workspace");
        var invitation = await other.Session.PostOkAsync("/api/v1/workspace-members", new { email = user.Email });
        await user.Session.PostOkAsync("/api/v1/auth/accept-invitation", new { invitationToken = invitation["invitationToken"]!.GetValue<string>() });
        var (token, _) = await user.CreateKeyAsync();
        using var keyClient = api.WithKey(token);

        var bySession = await user.Session.GetOkAsync("/api/v1/auth/me");
        var byKey = await keyClient.GetOkAsync("/api/v1/auth/me");

        Assert.Equal(new[] { user.WorkspaceId, other.WorkspaceId }.Order(), bySession["workspaces"]!.AsArray().Select(w => w!["id"]!.GetValue<Guid>()).Order());
        var only = Assert.Single(byKey["workspaces"]!.AsArray())!;
        Assert.Equal(user.WorkspaceId, only["id"]!.GetValue<Guid>());
        Assert.DoesNotContain(other.WorkspaceId.ToString(), byKey.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }
}
