using System.Net;
using System.Net.Http.Json;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// The session cookie is HttpOnly, so a page cannot delete it: when the server refuses a session that has ended (logged
/// out elsewhere, expired, its member removed), its 401 must also expire the cookie, or the browser keeps sending a dead
/// token for the rest of its 14 days, and even a log-out cannot get rid of it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthEndedSessionCookieTests(ApiFixture api)
{
    [Fact]
    public async Task Logging_out_an_ended_session_is_401_and_expires_the_cookie()
    {
        var cookies = new CookieContainer();
        using var browser = new JuxaClient(new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = api.Factory.ServerAddress });
        await JuxaClient.DataAsync(await browser.PostAsync("/api/v1/auth/signup",
            new { email = $"e-{Guid.NewGuid():N}@example.com", password = "long enough pw", workspaceName = "W" }));
        var token = cookies.GetCookies(api.Factory.ServerAddress!)["juxa_session"]!.Value;
        // Another tab of the same browser logged out already; this one still holds the cookie.
        using var otherTab = api.Factory.CreateHttpClient();
        otherTab.DefaultRequestHeaders.Add("Cookie", $"juxa_session={token}");
        await JuxaClient.DataAsync(await otherTab.PostAsJsonAsync("/api/v1/auth/logout", new { }));

        var response = await browser.PostAsync("/api/v1/auth/logout", new { });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var cleared = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("juxa_session=;", cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
        Assert.Null(cookies.GetCookies(api.Factory.ServerAddress!)["juxa_session"]);
    }

    [Theory]
    [InlineData("juxa_session=oc_sess_never-issued")]
    [InlineData("juxa_session=not-a-session-token")]
    public async Task Any_refused_session_cookie_is_expired(string cookie)
    {
        using var client = api.Factory.CreateHttpClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);

        var response = await client.GetAsync("/api/v1/workspace");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.StartsWith("juxa_session=;", Assert.Single(response.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task A_live_session_and_a_bad_api_key_leave_the_cookie_alone()
    {
        var user = await api.SignUpAsync();
        using var badKey = JuxaClient.WithKey(api.Factory.CreateHttpClient(), "oc_sk_not_a_key_anyone_holds_0123456789abcdef");

        var live = await user.Session.GetAsync("/api/v1/workspace");
        var refusedKey = await badKey.GetAsync("/api/v1/workspace");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.False(live.Headers.Contains("Set-Cookie"));
        await refusedKey.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.False(refusedKey.Headers.Contains("Set-Cookie"));
    }
}
