namespace Juxa.ApiKeys;

/// <summary>
/// An exact sliding-window log: at most <c>limit</c> requests in any window of the given length.
/// A token bucket would let up to twice the limit through in one minute (a full bucket plus its
/// refill); clients and the contract read "300 per minute" literally, so we keep the timestamps
/// of the accepted requests in a ring buffer (8 bytes each) and count exactly. The buffer grows with
/// the requests actually in the window, up to the limit: a key allowed millions a minute costs its
/// memory only while it really sends that many.
/// Not thread-safe: it lives inside one grain activation.
/// </summary>
public sealed class SlidingWindowLimiter(int limit, TimeSpan window)
{
    private const int InitialCapacity = 64;

    private long[] _accepted = new long[Math.Clamp(limit, 1, InitialCapacity)];
    private readonly long _windowTicks = window.Ticks;
    private int _head;
    private int _count;

    public int Limit { get; } = limit;

    /// <summary>Counts one request at <paramref name="now"/> if the window has room.</summary>
    public RateLimitState TryAcquire(DateTimeOffset now)
    {
        var nowTicks = now.UtcTicks;
        Expire(nowTicks);
        if (_count < Limit)
        {
            if (_count == _accepted.Length)
            {
                Grow();
            }

            _accepted[(_head + _count) % _accepted.Length] = nowTicks;
            _count++;
            return State(nowTicks, acquired: true);
        }

        return State(nowTicks, acquired: false);
    }

    private void Expire(long nowTicks)
    {
        while (_count > 0 && _accepted[_head] <= nowTicks - _windowTicks)
        {
            _head = (_head + 1) % _accepted.Length;
            _count--;
        }
    }

    /// <summary>Doubles the ring (at most to the limit), its entries moved to the start in order.</summary>
    private void Grow()
    {
        var grown = new long[(int)Math.Min((long)_accepted.Length * 2, Limit)];
        var firstPart = _accepted.Length - _head;
        Array.Copy(_accepted, _head, grown, 0, firstPart);
        Array.Copy(_accepted, 0, grown, firstPart, _head);
        _accepted = grown;
        _head = 0;
    }

    private RateLimitState State(long nowTicks, bool acquired)
    {
        // The oldest accepted request leaves the window first: that frees the next slot.
        var nextSlot = _count == 0 ? 0 : SecondsUntil(_accepted[_head] + _windowTicks, nowTicks);
        // The newest leaves last: then the whole limit is available again.
        var newest = _count == 0 ? nowTicks : _accepted[(_head + _count - 1) % _accepted.Length];
        var fullReset = _count == 0 ? 0 : SecondsUntil(newest + _windowTicks, nowTicks);
        return new RateLimitState(acquired, Limit - _count, fullReset, acquired ? 0 : Math.Max(1, nextSlot));
    }

    private static int SecondsUntil(long ticks, long nowTicks) =>
        (int)Math.Ceiling(TimeSpan.FromTicks(Math.Max(0, ticks - nowTicks)).TotalSeconds);
}

/// <summary>The outcome of one <see cref="SlidingWindowLimiter.TryAcquire"/>.</summary>
/// <param name="Acquired">Whether the request was counted.</param>
/// <param name="Remaining">Requests still allowed in the current window.</param>
/// <param name="ResetSeconds">Seconds until the full limit is available again.</param>
/// <param name="RetryAfterSeconds">When refused: seconds until one request is allowed again.</param>
public readonly record struct RateLimitState(bool Acquired, int Remaining, int ResetSeconds, int RetryAfterSeconds);
