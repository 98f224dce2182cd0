namespace Juxa.ApiKeys;

/// <summary>What may be shown of an API key after it was created: never the token, only its first characters.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Prefix,
    [property: Id(3)] IReadOnlyList<string> Scopes,
    [property: Id(4)] Guid? CreatedByMemberId,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? ExpiresAt,
    [property: Id(7)] DateTimeOffset? RevokedAt,
    [property: Id(8)] DateTimeOffset? LastUsedAt,
    [property: Id(9)] int? RateLimitPerMinute);
