using System.Net;
using System.Net.Sockets;

namespace Juxa.Api.Authentication;

/// <summary>
/// Sign-up, login and accepting an invitation are open to anyone and each hashes a password or a token: at most
/// <c>Juxa:Auth:AttemptsPerMinute</c> (default 20; 0 turns it off) from one client network in any rolling minute,
/// counted across the whole cluster (<see cref="Juxa.Identity.ISignInThrottleGrain"/>), then <c>429 RATE_LIMITED</c>
/// with <c>Retry-After</c> (<see cref="SignInThrottleMiddleware"/>). Per network, not per account, so nobody can lock a
/// victim out by failing logins with their email. Behind a proxy the address is the client's only with forwarded
/// headers on (docs/deploy.md).
/// </summary>
public static class SignInThrottle
{
    public const string AttemptsPerMinuteKey = "Juxa:Auth:AttemptsPerMinute";

    public const int DefaultAttemptsPerMinute = 20;

    /// <summary>Counts this endpoint's requests against the sign-in throttle.</summary>
    public static TBuilder RequireSignInThrottle<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Throttled.Instance);

    /// <summary>
    /// Whom the count is for: an IPv4 address as it is, an IPv6 address by its /64 network, since one host or home
    /// gets a whole /64 and could otherwise take a fresh address for every attempt.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The endpoint metadata <see cref="RequireSignInThrottle{TBuilder}"/> adds.</summary>
    public sealed class Throttled
    {
        public static readonly Throttled Instance = new();

        private Throttled()
        {
        }
    }
}
