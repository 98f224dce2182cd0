namespace Juxa.Identity;

/// <summary>
/// One entry of a workspace's member list: an active membership (its id is the member id) or a
/// pending or expired invitation (its id is the invitation id, and <c>UserId</c> and <c>Name</c> are null).
/// <c>CreatedAt</c> is when the membership began, or when the invitation was sent; <c>ExpiresAt</c> is an invitation's end.
/// </summary>
public sealed record WorkspaceMemberEntry(
    Guid Id, string Status, Guid? UserId, string Email, string? Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null);
