namespace Juxa.Identity;

/// <summary>
/// Where an entry of the workspace's member list stands. Pending invitations share the list with
/// members so that an admin sees everyone who has, or will have, access in one place.
/// </summary>
public static class MemberStatus
{
    /// <summary>A membership: the user can act in the workspace.</summary>
    public const string Active = "active";

    /// <summary>An invitation to an email without an account yet; it becomes active when that email signs up or logs in.</summary>
    public const string Pending = "pending";
}
