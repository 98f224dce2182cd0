using Juxa.Api.Authentication;
using Juxa.Api.Http;
using Juxa.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Juxa.Api.Authorization;

/// <summary>Answers a refused authorization with the envelope, naming what the endpoint needs.</summary>
public sealed class EnvelopeAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && Caller.From(context.User) is { } caller)
        {
            var needed = policy.Requirements.OfType<AccessRequirement>().FirstOrDefault();
            var message = needed is null
                ? "You are not allowed to do this."
                : caller.Kind == CallerKind.ApiKey && needed.KeyScopes.Count == 0
                    ? "API keys cannot use this endpoint: it needs " + needed.Description + "."
                    : caller.Kind == CallerKind.Embed
                        ? "Embed tokens cannot use this endpoint" + (needed.EmbedScopes.Count == 0 ? "" : " without one of the app scopes " + string.Join(", ", needed.EmbedScopes)) + ": it needs " + needed.Description + "."
                        : "This endpoint needs " + needed.Description + ".";
            return ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message);
        }

        // Challenges go to the authentication handler, which leaves its reason for the status-code page.
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
