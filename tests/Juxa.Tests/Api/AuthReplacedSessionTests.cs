using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Signing in from a browser that still holds a live session replaces its cookie: the replaced session must end with it,
/// or it stays valid for its 14 days with no client left to log it out.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthReplacedSessionTests(ApiFixture api)
{
    [Theory]
    [InlineData("login")]
    [InlineData("signup")]
    public async Task Signing_in_over_a_live_session_ends_the_session_it_replaces(string how)
    {
        var first = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var cookies = new CookieContainer();
        using var browser = new JuxaClient(new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = api.Factory.ServerAddress });
        await JuxaClient.DataAsync(await browser.PostAsync("/api/v1/auth/login", new { email = first.Email, password = first.Password }));
        var replacedCookie = SessionCookieOf(cookies);

        var signIn = how == "login"
            ? await browser.PostAsync("/api/v1/auth/login", new { email = other.Email, password = other.Password })
            : await browser.PostAsync("/api/v1/auth/signup",
                new { email = $"n-{Guid.NewGuid():N}@example.com", password = "long enough pw", workspaceName = "New" });
        await JuxaClient.DataAsync(signIn);
        using var replay = api.Factory.CreateHttpClient();
        replay.DefaultRequestHeaders.Add("Cookie", replacedCookie);

        Assert.NotEqual(replacedCookie, SessionCookieOf(cookies));
        await browser.GetOkAsync("/api/v1/auth/me");
        await (await replay.GetAsync("/api/v1/auth/me")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_failed_login_leaves_the_live_session_alone()
    {
        var user = await api.SignUpAsync();

        var failed = await user.Session.PostAsync("/api/v1/auth/login", new { email = user.Email, password = "not the password" });

        await failed.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await user.Session.GetOkAsync("/api/v1/auth/me");
    }

    private string SessionCookieOf(CookieContainer cookies) =>
        cookies.GetCookies(api.Factory.ServerAddress!)["juxa_session"] is { } cookie
            ? $"juxa_session={cookie.Value}"
            : throw new InvalidOperationException("The browser holds no session cookie.");
}
