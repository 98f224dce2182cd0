using Juxa.Notifications;

namespace Juxa.Tasks;

/// <summary>A committed task change and the notifications it created, for the caller to push live.</summary>
public sealed record TaskChange(TaskView Task, IReadOnlyList<NotificationView> Notifications);
