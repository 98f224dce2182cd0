using Juxa.Api.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Juxa.Api.Authorization;

/// <summary>Decides an <see cref="AccessRequirement"/> for the caller's credential kind, scopes and role.</summary>
public sealed class AccessHandler : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (Caller.From(context.User) is { } caller && Allows(requirement, caller))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    public static bool Allows(AccessRequirement requirement, Caller caller) => caller.Kind switch
    {
        CallerKind.Session => requirement.SessionAllowed && (!requirement.SessionMustBeAdmin || caller.IsAdmin)
            && (!requirement.SessionMustBePlatformOperator || caller.IsPlatformOperator),
        CallerKind.ApiKey => requirement.KeyScopes.Any(caller.Scopes.Contains) && (!requirement.KeyMustActAsAdmin || caller.IsAdmin),
        // Only the embed scopes a requirement names explicitly: never key scopes, never admin or session-only levels.
        CallerKind.Embed => requirement.EmbedScopes.Any(caller.Scopes.Contains) && !requirement.SessionMustBeAdmin && !requirement.KeyMustActAsAdmin,
        _ => false,
    };
}
