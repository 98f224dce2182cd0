namespace Juxa.Realtime;

/// <summary>
/// The event kinds of the notifications hub. Each is both the SignalR method name a client
/// listens to (<c>connection.on("recordCreated", ...)</c>) and the <c>type</c> of the payload.
/// </summary>
public static class RealtimeEventTypes
{
    public const string RecordCreated = "recordCreated";
    public const string RecordUpdated = "recordUpdated";
    public const string RecordDeleted = "recordDeleted";
    public const string NoteCreated = "noteCreated";
    public const string NoteUpdated = "noteUpdated";
    public const string NoteDeleted = "noteDeleted";
    public const string TaskChanged = "taskChanged";
    public const string ListEntryChanged = "listEntryChanged";

    /// <summary>A custom object was deleted, and with it all its records, its lists and their entries: one event, not one per record.</summary>
    public const string ObjectDeleted = "objectDeleted";

    /// <summary>A member's own notification (the kinds in <see cref="Juxa.Notifications.NotificationKinds"/>); goes only to <c>user:{memberId}</c>.</summary>
    public const string Notification = "notification";

    /// <summary>The kinds that go to the workspace, object and record groups and carry the workspace's sequence.</summary>
    public static readonly IReadOnlySet<string> WorkspaceEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        RecordCreated, RecordUpdated, RecordDeleted, NoteCreated, NoteUpdated, NoteDeleted, TaskChanged, ListEntryChanged, ObjectDeleted,
    };
}
