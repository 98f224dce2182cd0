using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture api)
{
    [Fact]
    public async Task Over_the_limit_a_key_gets_429_with_retry_after_and_rate_limit_headers()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(rateLimitPerMinute: 5);
        using var client = api.WithKey(token);

        var accepted = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            accepted.Add(await client.GetAsync("/api/v1/workspace"));
        }

        var refused = await client.GetAsync("/api/v1/workspace");

        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["4", "3", "2", "1", "0"], accepted.Select(r => r.Headers.GetValues("RateLimit-Remaining").Single()));
        Assert.All(accepted, r => Assert.Equal("5", r.Headers.GetValues("RateLimit-Limit").Single()));
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.InRange(int.Parse(refused.Headers.GetValues("RateLimit-Reset").Single()), 1, 60);
    }

    [Fact]
    public async Task The_limit_holds_across_concurrent_clients_of_one_key()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(rateLimitPerMinute: 10);
        using var first = api.WithKey(token);
        using var second = api.WithKey(token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? first : second).GetAsync("/api/v1/workspace")));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Each_key_has_its_own_window()
    {
        var user = await api.SignUpAsync();
        var (exhausted, _) = await user.CreateKeyAsync(rateLimitPerMinute: 1);
        var (other, _) = await user.CreateKeyAsync(rateLimitPerMinute: 1);
        using var first = api.WithKey(exhausted);
        using var second = api.WithKey(other);
        await first.GetOkAsync("/api/v1/workspace");

        var refused = await first.GetAsync("/api/v1/workspace");
        var allowed = await second.GetAsync("/api/v1/workspace");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task An_unlimited_key_carries_no_rate_limit_headers()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(rateLimitPerMinute: 0);
        using var key = api.WithKey(token);

        var responses = new[] { await key.GetAsync("/api/v1/workspace"), await key.GetAsync($"/api/v1/objects/people/records/{Guid.NewGuid()}") };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], responses.Select(r => r.StatusCode));
        // There is no limit to report, and nothing counts its requests (docs/api.md, Rate limits).
        Assert.All(responses, r => Assert.DoesNotContain(r.Headers, h => h.Key.StartsWith("RateLimit-", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Sessions_carry_no_rate_limit_headers()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.GetAsync("/api/v1/workspace");

        Assert.False(response.Headers.Contains("RateLimit-Limit"));
    }
}
