using Juxa.ApiKeys;

namespace Juxa.Tests.Unit;

public sealed class SlidingWindowLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allows_exactly_the_limit_within_one_window()
    {
        var limiter = new SlidingWindowLimiter(3, TimeSpan.FromMinutes(1));

        var results = Enumerable.Range(0, 4).Select(i => limiter.TryAcquire(Start.AddSeconds(i))).ToArray();

        Assert.Equal([true, true, true, false], results.Select(r => r.Acquired));
        Assert.Equal([2, 1, 0, 0], results.Select(r => r.Remaining));
    }

    [Fact]
    public void Never_lets_more_than_the_limit_through_in_any_sliding_minute()
    {
        var limiter = new SlidingWindowLimiter(10, TimeSpan.FromMinutes(1));
        var accepted = new List<DateTimeOffset>();

        // One request every 2.5 s for 5 minutes: a token bucket would accept about twice as many in the first minute.
        for (var t = 0.0; t < 300; t += 2.5)
        {
            var now = Start.AddSeconds(t);
            if (limiter.TryAcquire(now).Acquired)
            {
                accepted.Add(now);
            }
        }

        Assert.All(accepted, a => Assert.True(accepted.Count(b => b > a.AddMinutes(-1) && b <= a) <= 10));
        Assert.Equal(50, accepted.Count);
    }

    [Fact]
    public void Retry_after_is_when_the_oldest_request_leaves_the_window()
    {
        var limiter = new SlidingWindowLimiter(2, TimeSpan.FromMinutes(1));
        limiter.TryAcquire(Start);
        limiter.TryAcquire(Start.AddSeconds(20));

        var refused = limiter.TryAcquire(Start.AddSeconds(30));
        var allowedAgain = limiter.TryAcquire(Start.AddSeconds(60));

        Assert.False(refused.Acquired);
        Assert.Equal(30, refused.RetryAfterSeconds);
        Assert.Equal(50, refused.ResetSeconds);
        Assert.True(allowedAgain.Acquired);
    }

    [Fact]
    public void An_idle_window_resets_completely()
    {
        var limiter = new SlidingWindowLimiter(2, TimeSpan.FromMinutes(1));
        limiter.TryAcquire(Start);
        limiter.TryAcquire(Start);

        var later = limiter.TryAcquire(Start.AddMinutes(5));

        Assert.True(later.Acquired);
        Assert.Equal(1, later.Remaining);
    }
}
