namespace Juxa.Identity;

/// <summary>A user's membership of one workspace.</summary>
public sealed record MemberInfo(Guid Id, Guid WorkspaceId, string WorkspaceName, Guid UserId, string Email, string? Name, string Role, DateTimeOffset CreatedAt);
