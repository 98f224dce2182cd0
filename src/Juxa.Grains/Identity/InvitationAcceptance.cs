using Juxa.Notifications;

namespace Juxa.Identity;

/// <summary>
/// An accepted invitation: the workspace joined, and the "added" notification to push after commit (null when the
/// user was a member already, and the invitation just went away).
/// </summary>
public sealed record InvitationAcceptance(Guid WorkspaceId, NotificationView? Notification);
