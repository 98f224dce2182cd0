namespace Juxa.Identity;

/// <summary>
/// Where an entry of the workspace's member list stands. Pending invitations share the list with
/// members so that an admin sees everyone who has, or will have, access in one place.
/// </summary>
public static class MemberStatus
{
    /// <summary>A membership: the user can act in the workspace.</summary>
    public const string Active = "active";

    /// <summary>An invitation to an email without an account yet; it becomes active when its token is accepted.</summary>
    public const string Pending = "pending";

    /// <summary>An invitation whose time ran out: its token accepts nothing, and inviting the email again sends a new one.</summary>
    public const string Expired = "expired";
}
