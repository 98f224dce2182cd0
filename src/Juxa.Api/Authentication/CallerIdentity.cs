using System.Security.Claims;

namespace Juxa.Api.Authentication;

/// <summary>
/// The authenticated identity: it carries the <see cref="Caller"/> itself rather than claims to be
/// parsed back on every request. Turning a caller into claims and reading them back (once for
/// authorization, once for the endpoint) was a quarter of what a hot read allocated.
/// </summary>
public sealed class CallerIdentity(Caller caller, string authenticationType) : ClaimsIdentity(authenticationType)
{
    public Caller Caller { get; } = caller;
}
