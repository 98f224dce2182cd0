namespace Juxa.Apps;

/// <summary>A registered embed token (without the token itself).</summary>
[GenerateSerializer, Immutable, Alias("juxa.MintedEmbedToken")]
public sealed record MintedEmbedToken(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] IReadOnlyList<string> Scopes);
