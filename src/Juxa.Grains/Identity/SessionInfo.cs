namespace Juxa.Identity;

/// <summary>A live session and the membership it acts through.</summary>
public sealed record SessionInfo(Guid Id, Guid UserId, Guid WorkspaceId, Guid MemberId, string Role, bool IsPlatformOperator, DateTimeOffset ExpiresAt);
