using Juxa.Notifications;

namespace Juxa.Identity;

/// <summary>
/// The outcome of adding an email to a workspace: an active member (with the notification written
/// for them, to push after commit) or a pending invitation (no notification: nobody to tell yet) with
/// the token that accepts it, which exists only here: the database keeps its hash.
/// </summary>
public sealed record MemberAddition(WorkspaceMemberEntry Entry, NotificationView? Notification, string? InvitationToken = null);
