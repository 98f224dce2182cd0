namespace Juxa.Apps;

/// <summary>What an app asks of the workspaces that install it.</summary>
/// <param name="Scopes">Embed-token scopes, from <see cref="AppScopes.ManifestAllowed"/>.</param>
/// <param name="EmbedUrl">Where the workspace's web app embeds it: https, or http on localhost for development.</param>
/// <param name="OsintResearch">Whether its embed tokens may call <c>POST /api/v1/apps/osint-research</c>.</param>
[GenerateSerializer, Immutable, Alias("juxa.AppManifest")]
public sealed record AppManifest(
    [property: Id(0)] IReadOnlyList<string> Scopes,
    [property: Id(1)] string EmbedUrl,
    [property: Id(2)] bool OsintResearch);
