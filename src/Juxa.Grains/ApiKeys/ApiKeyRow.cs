namespace Juxa.ApiKeys;

/// <summary>An <c>api_keys</c> row joined with its creator's membership.</summary>
public sealed record ApiKeyRow(
    Guid Id,
    Guid WorkspaceId,
    string Name,
    byte[] TokenHash,
    string Prefix,
    string[] Scopes,
    Guid? CreatedByMemberId,
    Guid? CreatorUserId,
    string? CreatorRole,
    int? RateLimitPerMinute,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    public ApiKeyInfo ToInfo() =>
        new(Id, Name, Prefix, Scopes, CreatedByMemberId, CreatedAt, ExpiresAt, RevokedAt, LastUsedAt, RateLimitPerMinute);
}
