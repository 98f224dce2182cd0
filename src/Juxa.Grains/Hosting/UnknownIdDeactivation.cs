namespace Juxa.Hosting;

/// <summary>
/// Lets an activation that found nothing under its id (a guessed record id, a mistyped API key) go shortly after its
/// answer, not at once and not after the default collection age. Deactivating in the very call that found nothing
/// (<c>DeactivateOnIdle</c>) handed every request queued behind that call to a new activation, which found nothing and
/// deactivated in turn, until Orleans stopped forwarding them and rejected the rest: parallel requests with one unknown
/// id (a client's worker pool with a mistyped key) answered 503 "retry in a moment" instead of 401 or 404. Kept for
/// <see cref="Grace"/>, the activation answers the whole burst itself; and no activation per guessed id stays for long.
/// </summary>
public sealed class UnknownIdDeactivation
{
    /// <summary>How long an activation that found nothing stays to answer the requests that follow its first.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private IGrainTimer? _timer;

    /// <summary>
    /// Deactivates <paramref name="grain"/> once the grace is over, unless <paramref name="found"/> says it holds something
    /// by then (a record created under that id meanwhile). <paramref name="deactivateOnIdle"/> is the grain's own
    /// <c>DeactivateOnIdle</c>, which only the grain can call.
    /// </summary>
    public void Schedule(IGrainBase grain, Func<bool> found, Action deactivateOnIdle)
    {
        if (_timer is not null)
        {
            return;
        }

        _timer = grain.RegisterGrainTimer(_ =>
        {
            _timer?.Dispose();
            _timer = null;
            if (!found())
            {
                deactivateOnIdle();
            }

            return Task.CompletedTask;
        }, Grace, Timeout.InfiniteTimeSpan);
    }
}
