using Microsoft.Net.Http.Headers;

namespace Juxa.Api.Authentication;

/// <summary>Finds the bearer token of a request.</summary>
public static class BearerToken
{
    /// <summary>Longer tokens are refused unread: ours are about 50 characters, and every token is hashed.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// <c>Authorization: Bearer …</c>, or on SignalR hub paths the <c>access_token</c> query value,
    /// which is how SignalR clients send bearer tokens over WebSockets and Server-Sent Events.
    /// </summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token))
        {
            return token.ToString();
        }

        return null;
    }
}
