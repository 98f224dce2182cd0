using Juxa.Records;

namespace Juxa.Identity;

/// <summary>An invitation of an email to a workspace; <see cref="InvitedBy"/> becomes the actor of the "added" notification.</summary>
public sealed record InvitationInfo(Guid Id, Guid WorkspaceId, string Email, string Role, Actor? InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public WorkspaceMemberEntry ToEntry(DateTimeOffset now) =>
        new(Id, ExpiresAt > now ? MemberStatus.Pending : MemberStatus.Expired, null, Email, null, Role, CreatedAt, ExpiresAt);
}
