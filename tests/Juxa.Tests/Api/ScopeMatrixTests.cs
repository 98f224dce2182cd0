using System.Net;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>The contract's scope table, endpoint by endpoint, for keys created by a workspace admin.</summary>
[Collection(ApiCollection.Name)]
public sealed class ScopeMatrixTests(ApiFixture api)
{
    public static TheoryData<string, string, string, HttpStatusCode> Cases()
    {
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        void Row(string method, string path, HttpStatusCode all, HttpStatusCode read, HttpStatusCode write, HttpStatusCode assistant, HttpStatusCode handoff)
        {
            data.Add("*", method, path, all);
            data.Add("integrations:read", method, path, read);
            data.Add("integrations:write", method, path, write);
            data.Add("integrations:assistant", method, path, assistant);
            data.Add("integrations:handoff", method, path, handoff);
        }

        const HttpStatusCode ok = HttpStatusCode.OK, created = HttpStatusCode.Created, forbidden = HttpStatusCode.Forbidden, notFound = HttpStatusCode.NotFound;
        Row("GET", "/api/v1/workspace", ok, ok, ok, forbidden, forbidden);
        Row("PATCH", "/api/v1/workspace", ok, forbidden, forbidden, forbidden, forbidden);
        Row("GET", "/api/v1/api-keys", ok, forbidden, forbidden, forbidden, forbidden);
        Row("POST", "/api/v1/api-keys", created, forbidden, forbidden, forbidden, forbidden);
        Row("GET", "/api/v1/api-keys/{random}", notFound, forbidden, forbidden, forbidden, forbidden);
        Row("DELETE", "/api/v1/api-keys/{random}", notFound, forbidden, forbidden, forbidden, forbidden);
        Row("GET", "/api/v1/auth/me", ok, ok, ok, ok, ok);
        Row("POST", "/api/v1/auth/logout", forbidden, forbidden, forbidden, forbidden, forbidden);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scope_grants_exactly_what_the_contract_says(string scope, string method, string path, HttpStatusCode expected)
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync([scope]);
        using var client = api.WithKey(token);
        var body = method switch
        {
            "PATCH" => new { name = "Renamed" },
            "POST" => (object)new { name = "made by a key" },
            _ => null,
        };

        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{random}", Guid.NewGuid().ToString()))
        {
            Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body),
        });

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }

    [Fact]
    public async Task A_session_of_an_admin_may_administer()
    {
        var user = await api.SignUpAsync();

        var renamed = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "Renamed by session" });

        Assert.Equal("Renamed by session", renamed["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_credentials_everything_but_health_and_auth_is_401()
    {
        using var anonymous = api.Anonymous();

        await (await anonymous.GetAsync("/api/v1/workspace")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.GetAsync("/api/v1/api-keys")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.GetAsync("/api/v1/auth/me")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.GetAsync("/dashboard/")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_is_for_the_platform_operator_only()
    {
        var user = await api.SignUpAsync();
        var (readToken, _) = await user.CreateKeyAsync(["integrations:read"]);
        using var reader = api.WithKey(readToken);
        using var adminKey = api.Bootstrap();
        using var @operator = await api.OperatorAsync();

        var byReader = await reader.GetAsync("/dashboard/");
        var byWorkspaceAdmin = await user.Session.GetAsync("/dashboard/");
        var byAdminKey = await adminKey.GetAsync("/dashboard/");
        var byOperator = await @operator.GetAsync("/dashboard/");

        await byReader.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await byWorkspaceAdmin.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await byAdminKey.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.OK, byOperator.StatusCode);
    }
}
