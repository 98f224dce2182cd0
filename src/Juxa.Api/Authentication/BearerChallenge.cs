using Juxa.Api.Http;
using Microsoft.AspNetCore.Authentication;

namespace Juxa.Api.Authentication;

/// <summary>The 401 of the bearer schemes (API keys, embed tokens): <c>WWW-Authenticate: Bearer</c>, and the reason for the envelope.</summary>
public static class BearerChallenge
{
    public static void Write(HttpContext context, AuthenticateResult result)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        if (result.Failure is { } failure)
        {
            context.Items[ErrorResponses.MessageItem] = failure.Message;
        }
    }
}
