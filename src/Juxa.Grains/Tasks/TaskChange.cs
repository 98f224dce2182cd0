using Juxa.Notifications;

namespace Juxa.Tasks;

/// <summary>
/// A committed task change and the notifications it created, for the caller to push live. <see cref="Changed"/> is false
/// when an update asked for what the task already was: nothing was written, so there is nothing to publish.
/// </summary>
public sealed record TaskChange(TaskView Task, IReadOnlyList<NotificationView> Notifications, bool Changed = true);
