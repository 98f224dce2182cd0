namespace Juxa.Handoffs;

/// <summary>What a handoff's grain holds of its row: everything but the payload, which is read once, by consume.</summary>
public sealed record HandoffRow(
    Guid Id,
    byte[] TokenHash,
    Guid WorkspaceId,
    Guid UserId,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ConsumedAt);
