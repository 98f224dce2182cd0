namespace Juxa.ApiKeys;

/// <summary>A key to register under the hash that keys its grain. The caller generated the token and shows it once.</summary>
[GenerateSerializer, Immutable, Alias("juxa.NewApiKey")]
public sealed record NewApiKey(
    [property: Id(0)] Guid WorkspaceId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Prefix,
    [property: Id(3)] IReadOnlyList<string> Scopes,
    [property: Id(4)] Guid? CreatedByMemberId,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] int? RateLimitPerMinute);
