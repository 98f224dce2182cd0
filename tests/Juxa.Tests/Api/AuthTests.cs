using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthTests(ApiFixture api)
{
    [Fact]
    public async Task Signup_sets_a_session_cookie_that_acts_as_the_new_workspace_admin()
    {
        var user = await api.SignUpAsync("Acme Legal");

        var me = await user.Session.GetOkAsync("/api/v1/auth/me");

        Assert.Equal("member", me["actor"]!["type"]!.GetValue<string>());
        Assert.Equal(user.Email, me["user"]!["email"]!.GetValue<string>());
        Assert.Equal("admin", me["member"]!["role"]!.GetValue<string>());
        Assert.Equal("Acme Legal", me["workspace"]!["name"]!.GetValue<string>());
        Assert.Single(me["workspaces"]!.AsArray());
    }

    [Fact]
    public async Task Signup_cookie_is_http_only_and_same_site_lax()
    {
        using var client = api.Anonymous();
        var response = await client.PostAsync("/api/v1/auth/signup",
            new { email = $"c-{Guid.NewGuid():N}@example.com", password = "long enough pw", workspaceName = "W" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("juxa_session=oc_sess_", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_tls_proxy_with_forwarded_headers_on_the_cookie_is_secure()
    {
        // What compose and Kubernetes set (ASPNETCORE_FORWARDEDHEADERS_ENABLED); the proxy says the client used https.
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?> { ["FORWARDEDHEADERS_ENABLED"] = "true" }).StartKestrel();
        using var http = host.CreateHttpClient(cookies: false);
        using var viaProxy = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signup")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email = $"tls-{Guid.NewGuid():N}@example.com", password = "long enough pw", workspaceName = "W" }),
        };
        viaProxy.Headers.Add("X-Forwarded-Proto", "https");
        using var direct = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signup")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email = $"plain-{Guid.NewGuid():N}@example.com", password = "long enough pw", workspaceName = "W" }),
        };

        var secure = Assert.Single((await http.SendAsync(viaProxy)).Headers.GetValues("Set-Cookie"));
        var plain = Assert.Single((await http.SendAsync(direct)).Headers.GetValues("Set-Cookie"));

        Assert.Contains("; secure", secure, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", plain, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Behind a proxy that asks for a password (nginx's auth_basic on a staging host), the browser sends
    /// <c>Authorization: Basic …</c> with every request, and the proxy passes it on. That header is no Juxa credential, so
    /// the session cookie must still count; only a bearer token takes its place.
    /// </summary>
    [Fact]
    public async Task A_session_works_beside_an_authorization_header_that_is_not_a_bearer_token()
    {
        var user = await api.SignUpAsync("Behind Basic");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspace");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String("staging:secret"u8));

        var response = await user.Session.Http.SendAsync(request);

        var workspace = await JuxaClient.DataAsync(response, HttpStatusCode.OK);
        Assert.Equal("Behind Basic", workspace["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logout_revokes_the_session_server_side()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/auth/logout", new { });

        var afterLogout = await user.Session.GetAsync("/api/v1/auth/me");

        await afterLogout.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Replaying_a_logged_out_session_token_is_refused()
    {
        using var client = api.Anonymous();
        var signup = await client.PostAsync("/api/v1/auth/signup",
            new { email = $"r-{Guid.NewGuid():N}@example.com", password = "long enough pw", workspaceName = "W" });
        var token = signup.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        await JuxaClient.DataAsync(await client.PostAsync("/api/v1/auth/logout", new { }));

        using var replay = api.Factory.CreateHttpClient();
        replay.DefaultRequestHeaders.Add("Cookie", token);
        var response = await replay.GetAsync("/api/v1/auth/me");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Login_with_the_right_password_starts_a_new_session()
    {
        var user = await api.SignUpAsync();
        using var fresh = api.Anonymous();

        var login = await fresh.PostOkAsync("/api/v1/auth/login", new { email = user.Email.ToUpperInvariant(), password = user.Password });
        var me = await fresh.GetOkAsync("/api/v1/auth/me");

        Assert.Equal(user.WorkspaceId, login["workspace"]!["id"]!.GetValue<Guid>());
        Assert.Equal(user.UserId, me["user"]!["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("")]
    public async Task Login_with_a_wrong_password_is_401(string password)
    {
        var user = await api.SignUpAsync();
        using var fresh = api.Anonymous();

        var response = await fresh.PostAsync("/api/v1/auth/login", new { email = user.Email, password });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_with_an_unknown_email_is_the_same_401()
    {
        using var client = api.Anonymous();

        var response = await client.PostAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "whatever123" });

        var error = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("The email or password is wrong.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_bootstrap_admin_can_log_in_as_a_platform_operator()
    {
        using var client = api.Anonymous();

        var login = await client.PostOkAsync("/api/v1/auth/login", new { email = JuxaApiFactory.BootstrapEmail, password = JuxaApiFactory.BootstrapPassword });

        Assert.True(login["user"]!["isPlatformOperator"]!.GetValue<bool>());
        Assert.Equal("admin", login["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signing_up_twice_with_one_email_is_a_conflict()
    {
        var user = await api.SignUpAsync();
        using var client = api.Anonymous();

        var response = await client.PostAsync("/api/v1/auth/signup", new { email = user.Email, password = "another password", workspaceName = "Other" });

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Signup_validation_names_every_bad_field()
    {
        using var client = api.Anonymous();

        var response = await client.PostAsync("/api/v1/auth/signup", new { email = "not-an-email", password = "short", workspaceName = "" });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var details = error["details"]!.AsObject();
        Assert.Equal(["email", "password", "workspaceName"], details.Select(d => d.Key).Order());
    }

    [Fact]
    public async Task Cookie_posts_from_a_foreign_origin_are_refused()
    {
        var user = await api.SignUpAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/api-keys") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "x" }) };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await user.Session.Http.SendAsync(request);

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var keys = await user.Session.GetOkAsync("/api/v1/api-keys");
        Assert.Empty(keys["apiKeys"]!.AsArray());
    }

    [Fact]
    public async Task Cookie_posts_that_are_not_json_are_refused()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/api-keys", "name=x", "application/x-www-form-urlencoded");

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Logout_refuses_api_keys()
    {
        var response = await api.Bootstrap().PostAsync("/api/v1/auth/logout", new { });

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}
