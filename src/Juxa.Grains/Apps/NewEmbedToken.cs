namespace Juxa.Apps;

/// <summary>An embed token to register under the hash that keys its grain. The caller generated the token and returns it once.</summary>
[GenerateSerializer, Immutable, Alias("juxa.NewEmbedToken")]
public sealed record NewEmbedToken(
    [property: Id(0)] Guid WorkspaceId,
    [property: Id(1)] Guid InstallationId,
    [property: Id(2)] Guid MemberId,
    [property: Id(3)] IReadOnlyList<string> Scopes,
    [property: Id(4)] DateTimeOffset ExpiresAt);
