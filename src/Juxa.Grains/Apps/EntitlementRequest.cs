namespace Juxa.Apps;

/// <summary>One request for the ecosystem-builder entitlement and, once a platform operator decided, the decision.</summary>
public sealed record EntitlementRequest(
    Guid Id,
    Guid WorkspaceId,
    string Status,
    Guid? RequestedByMemberId,
    string? Note,
    DateTimeOffset RequestedAt,
    Guid? DecidedByUserId,
    DateTimeOffset? DecidedAt,
    string? Reason);
