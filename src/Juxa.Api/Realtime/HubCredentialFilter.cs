using Juxa.ApiKeys;
using Microsoft.AspNetCore.SignalR;

namespace Juxa.Api.Realtime;

/// <summary>
/// Every hub method call is authorized like a request (<see cref="HubCredentialGuard"/>): a rate-limited key gets a
/// <see cref="HubException"/>, and a credential that no longer authorizes closes the connection.
/// </summary>
public sealed class HubCredentialFilter(HubCredentialGuard guard) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        switch (await guard.AuthorizeCallAsync(invocation.Context.ConnectionId, invocation.Context.ConnectionAborted))
        {
            case ApiKeyOutcome.Allowed:
                return await next(invocation);
            case ApiKeyOutcome.RateLimited:
                throw new HubException("The rate limit of this connection's credential is used up; try again in a moment.");
            default:
                invocation.Context.Abort();
                throw new HubException(HubCredentialGuard.NoLongerAuthorizes);
        }
    }
}
