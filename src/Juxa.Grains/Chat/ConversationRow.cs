namespace Juxa.Chat;

/// <summary>A conversation's row: its owner (workspace and member) and title.</summary>
public sealed record ConversationRow(Guid Id, Guid WorkspaceId, Guid MemberId, string? Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
