using Juxa.Api.Authentication;
using Juxa.Apps;
using Juxa.Errors;

namespace Juxa.Api.Endpoints;

/// <summary>Which app installation model usage is attributed to (contract §Agent missions: <c>workspaceAppInstallationId</c>).</summary>
public static class AppAttribution
{
    public const string Field = "workspaceAppInstallationId";

    /// <summary>
    /// An embed token's usage always belongs to its own installation (naming another is 400). Other
    /// callers may name one: it must be a UUID and a live installation of this workspace, or the
    /// request is 400 as the contract says (not 404: the id is a field of the body, not the resource).
    /// </summary>
    public static async Task<Guid?> ResolveAsync(Caller caller, string? requested, InstallationRepository installations, CancellationToken cancellationToken)
    {
        Guid? id = null;
        if (requested is not null)
        {
            id = Guid.TryParse(requested, out var parsed) ? parsed : throw JuxaException.Validation(Field, $"{Field} must be a UUID.");
        }

        if (caller.Kind == CallerKind.Embed)
        {
            return id is null || id == caller.InstallationId
                ? caller.InstallationId
                : throw JuxaException.Validation(Field, $"An embed token's usage belongs to its own installation; leave {Field} out or send {caller.InstallationId}.");
        }

        if (id is { } installationId && await installations.GetAsync(caller.WorkspaceId, installationId, cancellationToken) is null)
        {
            throw JuxaException.Validation(Field, $"{Field} is not an app installation of this workspace.");
        }

        return id;
    }
}
