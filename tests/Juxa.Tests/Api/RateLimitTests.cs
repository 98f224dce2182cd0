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

    /// <summary>
    /// A repeated query parameter, a NUL in the query and a body over the limit are refused before any endpoint runs.
    /// They are requests of the key all the same: counted, with the headers a client paces itself by, and 429 once the
    /// key is over its limit.
    /// </summary>
    [Fact]
    public async Task Requests_the_pipeline_refuses_count_and_carry_the_rate_limit_headers()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(rateLimitPerMinute: 3);
        using var client = api.WithKey(token);
        var huge = "{\"name\": \"" + new string('a', 1_100_000) + "\"}";

        var refused = new[]
        {
            await client.GetAsync("/api/v1/notes?limit=1&limit=2"),
            await client.GetAsync("/api/v1/search?q=%00"),
            await client.SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", huge, "application/json"),
        };
        var over = await client.GetAsync("/api/v1/notes?limit=1&limit=2");

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge], refused.Select(r => r.StatusCode));
        Assert.Equal(["3", "3", "3"], refused.Select(r => Header(r, "RateLimit-Limit")));
        Assert.Equal(["2", "1", "0"], refused.Select(r => Header(r, "RateLimit-Remaining")));
        await over.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
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

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : "(none)";
}
