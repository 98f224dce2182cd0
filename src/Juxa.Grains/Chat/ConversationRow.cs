namespace Juxa.Chat;

/// <summary>
/// A conversation's row: its owner (workspace and member), title, and the bearer credential that created it
/// (<see cref="Tools.CrmToolScope.Credential"/>; null for a session).
/// </summary>
public sealed record ConversationRow(Guid Id, Guid WorkspaceId, Guid MemberId, string? Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Guid? Credential = null);
