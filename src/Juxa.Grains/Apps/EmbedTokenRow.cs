namespace Juxa.Apps;

/// <summary>An <c>embed_tokens</c> row with the user its member is, and whether its installation is still live.</summary>
public sealed record EmbedTokenRow(
    Guid Id,
    byte[] TokenHash,
    Guid WorkspaceId,
    Guid InstallationId,
    Guid MemberId,
    Guid UserId,
    string[] Scopes,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    bool InstallationLive);
