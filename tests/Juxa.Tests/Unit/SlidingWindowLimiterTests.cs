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

    [Fact]
    public void A_huge_limit_costs_memory_only_for_the_requests_in_the_window()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var limiter = new SlidingWindowLimiter(int.MaxValue, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(limiter.TryAcquire(Start.AddMilliseconds(i)).Acquired);
        }

        // 1000 timestamps in a ring doubled from 64: well under 64 KB, where the limit up front would be 16 GB.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 8_000, 64_000);
        Assert.Equal(int.MaxValue - 1000, limiter.TryAcquire(Start.AddSeconds(2)).Remaining + 1);
    }

    [Fact]
    public void Growing_a_wrapped_ring_keeps_the_requests_in_their_order()
    {
        var limiter = new SlidingWindowLimiter(500, TimeSpan.FromMinutes(1));
        // 40 at second 0 and 40 at second 30; at second 61 the first 40 expire, so the ring's start has moved
        // before the next 200 (at second 61) make it grow past 64 and then 128.
        for (var i = 0; i < 80; i++)
        {
            limiter.TryAcquire(Start.AddSeconds(i < 40 ? 0 : 30));
        }

        var results = Enumerable.Range(0, 200).Select(_ => limiter.TryAcquire(Start.AddSeconds(61))).ToArray();

        Assert.All(results, r => Assert.True(r.Acquired));
        Assert.Equal(500 - 240, results[^1].Remaining);
        // The oldest left is from second 30, the newest from 61: the order survived both copies.
        Assert.Equal(60, results[^1].ResetSeconds);
        var at91 = limiter.TryAcquire(Start.AddSeconds(91));
        Assert.Equal(500 - 201, at91.Remaining);
        // Filled to the limit, the refusal names the oldest left (second 61) as the next to leave.
        for (var i = 0; i < at91.Remaining; i++)
        {
            limiter.TryAcquire(Start.AddSeconds(91));
        }

        var refused = limiter.TryAcquire(Start.AddSeconds(91));
        Assert.False(refused.Acquired);
        Assert.Equal(30, refused.RetryAfterSeconds);
    }
}
