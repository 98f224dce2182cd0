namespace Juxa.Notifications;

/// <summary>Why a member was notified.</summary>
public static class NotificationKinds
{
    public const string TaskAssigned = "task_assigned";
    public const string TaskCompleted = "task_completed";
    public const string AddedToWorkspace = "added_to_workspace";
}
