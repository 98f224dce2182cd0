namespace Juxa.Identity;

/// <summary>
/// Counts sign-in attempts (sign-up, login, accepting an invitation) from one client network, keyed by
/// <c>SignInThrottle.ClientKey</c>. One activation in the cluster holds the count, so every API node
/// refuses past the same limit: an attacker gains nothing by spreading attempts over the nodes.
/// </summary>
public interface ISignInThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Counts one attempt if fewer than <paramref name="limitPerMinute"/> were counted in the last minute.
    /// Returns 0 when it was counted; otherwise the seconds until the next one would be.
    /// </summary>
    Task<int> TryAttemptAsync(int limitPerMinute);
}
