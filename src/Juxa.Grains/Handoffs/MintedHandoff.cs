namespace Juxa.Handoffs;

/// <summary>A registered handoff: its id and when it stops being consumable.</summary>
[GenerateSerializer, Immutable, Alias("juxa.MintedHandoff")]
public sealed record MintedHandoff(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset ExpiresAt);
