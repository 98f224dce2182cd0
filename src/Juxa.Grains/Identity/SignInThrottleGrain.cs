namespace Juxa.Identity;

/// <summary>
/// The cluster's one count of sign-in attempts from a client network: the times of the attempts counted in the last
/// minute (an exact sliding minute, as for API keys; refused attempts are not counted). The limit comes with each call,
/// so nodes that disagree on it during a rolling change still share one count. The count lives only in memory: losing
/// it with the activation (a silo that dies, or two idle minutes) only gives that network a fresh minute.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class SignInThrottleGrain(TimeProvider time) : Grain, ISignInThrottleGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _counted = new();

    public Task<int> TryAttemptAsync(int limitPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitPerMinute);
        var now = time.GetUtcNow();
        while (_counted.Count > 0 && _counted.Peek() <= now - Window)
        {
            _counted.Dequeue();
        }

        if (_counted.Count < limitPerMinute)
        {
            _counted.Enqueue(now);
            return Task.FromResult(0);
        }

        // One more fits once all but limit - 1 of the counted attempts have left the window.
        var leaves = _counted.ElementAt(_counted.Count - limitPerMinute) + Window;
        return Task.FromResult(Math.Max(1, (int)Math.Ceiling((leaves - now).TotalSeconds)));
    }
}
