using Microsoft.AspNetCore.Authorization;

namespace Juxa.Api.Authorization;

/// <summary>
/// What an endpoint needs from its caller. One instance per <see cref="Access"/> policy.
/// </summary>
/// <param name="Name">The policy name endpoints declare.</param>
/// <param name="Description">Shown to a refused caller and in the OpenAPI document.</param>
/// <param name="SessionAllowed">Whether a signed-in user (cookie) may call it.</param>
/// <param name="SessionMustBeAdmin">Whether that user must be a workspace admin.</param>
/// <param name="KeyScopes">API-key scopes that grant it (any one suffices); empty: keys are refused.</param>
/// <param name="KeyMustActAsAdmin">Whether the key must be a <c>*</c> key created by an admin.</param>
public sealed record AccessRequirement(
    string Name,
    string Description,
    bool SessionAllowed,
    bool SessionMustBeAdmin,
    IReadOnlyList<string> KeyScopes,
    bool KeyMustActAsAdmin) : IAuthorizationRequirement
{
    /// <summary>
    /// Embed-token scopes (<c>Juxa.Apps.AppScopes</c>) that grant it, any one sufficing. Empty (the default):
    /// embed tokens are refused. Embed tokens never act as admins, so only non-admin levels name any.
    /// </summary>
    public IReadOnlyList<string> EmbedScopes { get; init; } = [];

    /// <summary>Whether a session must also be a platform operator's (<c>users.is_platform_operator</c>).</summary>
    public bool SessionMustBePlatformOperator { get; init; }
}
