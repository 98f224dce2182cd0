using System.Net;
using System.Net.Http.Json;
using Juxa.Api.Authentication;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>Sign-in endpoints are throttled per client network (the shared fixture turns the throttle off).</summary>
[Collection(ApiCollection.Name)]
public sealed class SignInThrottleTests(ApiFixture api)
{
    [Fact]
    public async Task Past_the_limit_logins_from_one_address_are_429_with_retry_after_and_other_requests_are_not()
    {
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?> { ["Juxa:Auth:AttemptsPerMinute"] = "3" }).StartKestrel();
        using var http = host.CreateHttpClient();
        var attempt = new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "wrong password" };

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add((await http.PostAsJsonAsync("/api/v1/auth/login", attempt)).StatusCode);
        }

        var limited = await http.PostAsJsonAsync("/api/v1/auth/login", attempt);
        var signup = await http.PostAsJsonAsync("/api/v1/auth/signup", new { email = $"new-{Guid.NewGuid():N}@example.com", password = "long enough pw", workspaceName = "W" });
        var keyed = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspace") { Headers = { { "Authorization", $"Bearer {JuxaApiFactory.BootstrapKey}" } } });

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        await signup.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void IPv4_addresses_count_alone_and_IPv6_addresses_by_their_64_network(string address, string key) =>
        Assert.Equal(key, SignInThrottle.ClientKey(IPAddress.Parse(address)));
}
