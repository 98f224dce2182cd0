using Juxa.Realtime;

namespace Juxa.Notifications;

public static class NotificationPush
{
    /// <summary>Pushes committed notifications to their members' hub connections (best effort, like every push).</summary>
    public static async Task PushAsync(this IRealtimePublisher realtime, IEnumerable<NotificationView?> notifications)
    {
        foreach (var notification in notifications.OfType<NotificationView>())
        {
            await realtime.NotifyMemberAsync(notification.WorkspaceId, notification.MemberId, notification, notification.Actor);
        }
    }
}
