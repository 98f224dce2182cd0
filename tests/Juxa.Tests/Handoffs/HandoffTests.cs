using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Handoffs;

/// <summary>Juxa Docs handoff: who may mint, who may consume, once, and what is stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class HandoffTests(ApiFixture api)
{
    private const string MintPath = "/api/v1/integrations/juxa-docs-handoff";

    [Theory]
    [InlineData("*", HttpStatusCode.Created)]
    [InlineData("integrations:handoff", HttpStatusCode.Created)]
    [InlineData("integrations:write", HttpStatusCode.Created)]
    [InlineData("integrations:read", HttpStatusCode.Forbidden)]
    [InlineData("integrations:assistant", HttpStatusCode.Forbidden)]
    public async Task Keys_mint_only_with_handoff_write_or_all(string scope, HttpStatusCode expected)
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync([scope]);
        using var key = api.WithKey(token);

        var response = await key.PostAsync(MintPath, new { docPlain = "hello" });

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }

    [Fact]
    public async Task A_key_minted_handoff_is_consumed_once_by_its_creators_session()
    {
        var user = await api.SignUpAsync();
        var (keyToken, keyId) = await user.CreateKeyAsync(["integrations:handoff"]);
        using var key = api.WithKey(keyToken);
        var body = new
        {
            composerDraft = "Draft a reply",
            docPlain = "Plain text",
            docHtml = "<p>Hello <b>world</b></p>",
            tabLabel = "Contract",
            openConstructor = true,
            agentQuick = "summarize",
            source = "chrome",
            sourceUrl = "https://docs.google.com/document/d/abc/edit",
            excerptHash = "sha256:abc",
        };

        var minted = await key.PostOkAsync(MintPath, body);
        var token = TokenOf(minted);
        var first = await Consume(user.Session, token);
        var second = await Consume(user.Session, token);

        Assert.Equal($"{api.Factory.ServerAddress!.ToString().TrimEnd('/')}/docs?handoff={token}", minted["handoffUrl"]!.GetValue<string>());
        Assert.True(minted["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(9));
        var payload = (await JuxaClient.DataAsync(first, HttpStatusCode.OK))["payload"]!.AsObject();
        Assert.Equal(1, payload["v"]!.GetValue<int>());
        Assert.Equal("<p>Hello <b>world</b></p>", payload["docHtml"]!.GetValue<string>());
        Assert.Equal("Draft a reply", payload["composerDraft"]!.GetValue<string>());
        Assert.True(payload["openConstructor"]!.GetValue<bool>());
        Assert.Equal("summarize", payload["agentQuick"]!.GetValue<string>());
        Assert.Equal(10, payload.Count);
        await second.AssertErrorAsync(HttpStatusCode.Gone, "HANDOFF_CONSUMED");
        await using var db = api.Database.CreateDataSource();
        await using var row = db.CreateCommand("SELECT minted_by_api_key_id, payload::text, consumed_at IS NOT NULL FROM handoffs WHERE token_hash = $1");
        row.Parameters.AddWithValue(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        await using var reader = await row.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(keyId, reader.GetGuid(0));
        Assert.Equal("{}", reader.GetString(1));
        Assert.True(reader.GetBoolean(2));
    }

    [Fact]
    public async Task Google_docs_handoffs_open_the_embed_surface()
    {
        var user = await api.SignUpAsync();

        var minted = await user.Session.PostOkAsync(MintPath, new { docPlain = "x", embedGoogleDocs = true });

        var url = new Uri(minted["handoffUrl"]!.GetValue<string>());
        Assert.Equal("/docs/embed", url.AbsolutePath);
        Assert.Equal($"?handoff={TokenOf(minted)}&surface=google-docs", url.Query);
    }

    [Fact]
    public async Task Consume_refuses_every_bearer_credential_even_the_minters_own_key()
    {
        var user = await api.SignUpAsync();
        var (keyToken, _) = await user.CreateKeyAsync(["*"]);
        using var key = api.WithKey(keyToken);
        var token = TokenOf(await key.PostOkAsync(MintPath, new { docPlain = "x" }));

        var byKey = await key.PostAsync($"{MintPath}/{token}/consume", new { });
        var bySession = await Consume(user.Session, token);

        await byKey.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.OK, bySession.StatusCode);
    }

    [Fact]
    public async Task Only_the_same_user_in_the_same_workspace_may_consume_and_refusals_do_not_burn_it()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner, role: "admin");
        var stranger = await api.SignUpAsync();
        var token = TokenOf(await owner.Session.PostOkAsync(MintPath, new { docPlain = "mine" }));

        var byColleague = await Consume(colleague.Session, token);
        var byStranger = await Consume(stranger.Session, token);
        var byOwner = await Consume(owner.Session, token);

        await byColleague.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await byStranger.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("mine", (await JuxaClient.DataAsync(byOwner, HttpStatusCode.OK))["payload"]!["docPlain"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("oc_handoff_doesnotexist0000000000000000000000000")]
    [InlineData("not-a-handoff-token")]
    public async Task Unknown_tokens_are_404(string token)
    {
        var user = await api.SignUpAsync();

        var response = await Consume(user.Session, token);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Ten_racing_consumes_across_two_hosts_yield_exactly_one_payload()
    {
        var user = await api.SignUpAsync();
        var token = TokenOf(await user.Session.PostOkAsync(MintPath, new { docPlain = "race" }));
        await using var second = new JuxaApiFactory(api.Database, new Dictionary<string, string?> { ["Juxa:Orleans:Mode"] = "Client" })
        {
            ClusterId = api.Factory.ClusterId,
        };
        second.StartKestrel();
        // The same user signed in on the second host: another session of the same user and workspace.
        using var otherHost = new JuxaClient(second.CreateHttpClient(cookies: true));
        await otherHost.PostOkAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Consume(i % 2 == 0 ? user.Session : otherHost, token)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.AssertErrorAsync(HttpStatusCode.Gone, "HANDOFF_CONSUMED");
        }
    }

    [Fact]
    public async Task Field_limits_are_enforced_and_a_refused_mint_stores_nothing()
    {
        var user = await api.SignUpAsync();
        var atLimit = new string('a', 512 * 1024);

        var accepted = await user.Session.PostAsync(MintPath, new { docHtml = atLimit, docPlain = atLimit });
        var refused = await user.Session.PostAsync(MintPath, new
        {
            docHtml = atLimit + "a",
            tabLabel = new string('t', 201),
            sourceUrl = "javascript:alert(1)",
            agentQuick = 3,
        });
        var ftp = await user.Session.PostAsync(MintPath, new { sourceUrl = "ftp://example.com/doc" });

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var error = await refused.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["agentQuick", "docHtml", "sourceUrl", "tabLabel"], error["details"]!.AsObject().Select(p => p.Key).Order());
        await ftp.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await using var db = api.Database.CreateDataSource();
        await using var count = db.CreateCommand("SELECT count(*) FROM handoffs WHERE workspace_id = $1");
        count.Parameters.AddWithValue(user.WorkspaceId);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Only_the_hash_of_the_token_is_stored()
    {
        var user = await api.SignUpAsync();
        var token = TokenOf(await user.Session.PostOkAsync(MintPath, new { docPlain = "secret stuff" }));

        await using var db = api.Database.CreateDataSource();
        await using var rows = db.CreateCommand("SELECT h::text FROM handoffs h WHERE workspace_id = $1");
        rows.Parameters.AddWithValue(user.WorkspaceId);
        var stored = (string)(await rows.ExecuteScalarAsync())!;

        Assert.DoesNotContain(token, stored);
        Assert.DoesNotContain(token["oc_handoff_".Length..], stored);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored);
    }

    private static string TokenOf(JsonNode minted)
    {
        var query = new Uri(minted["handoffUrl"]!.GetValue<string>()).Query;
        return Uri.UnescapeDataString(query.Split('&')[0]["?handoff=".Length..]);
    }

    private static Task<HttpResponseMessage> Consume(JuxaClient session, string token) =>
        session.Http.PostAsJsonAsync($"{MintPath}/{Uri.EscapeDataString(token)}/consume", new { });
}
