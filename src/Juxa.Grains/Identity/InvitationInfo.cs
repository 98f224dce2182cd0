using Juxa.Records;

namespace Juxa.Identity;

/// <summary>A pending invitation of an email to a workspace; <see cref="InvitedBy"/> becomes the actor of the "added" notification.</summary>
public sealed record InvitationInfo(Guid Id, Guid WorkspaceId, string Email, string Role, Actor? InvitedBy, DateTimeOffset CreatedAt)
{
    public WorkspaceMemberEntry ToEntry() => new(Id, MemberStatus.Pending, null, Email, null, Role, CreatedAt);
}
