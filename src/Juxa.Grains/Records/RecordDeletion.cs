using Juxa.Realtime;
using Juxa.Tasks;

namespace Juxa.Records;

/// <summary>
/// What deleting a record changed besides its row (<see cref="RecordWriter.DeleteAsync"/>), read in its transaction, to publish
/// after the commit. <see cref="RemovedEntries"/> are the <c>listEntryChanged</c> "removed" events of its entries in public lists,
/// <see cref="UnlinkedTasks"/> the tasks it was linked to, as they are without it, and <see cref="RemovedNotes"/> the
/// <c>noteDeleted</c> events of the notes that went with it: all go out before <c>recordDeleted</c>.
/// <see cref="Referrers"/> are the records whose values referenced it, whose grains may now hold stale copies, and
/// <see cref="Changes"/> the events of those records and of the list entries that referenced it, which go out after.
/// </summary>
public sealed record RecordDeletion(
    IReadOnlyList<RealtimeEvent> RemovedEntries, IReadOnlyList<TaskView> UnlinkedTasks, IReadOnlyList<RealtimeEvent> RemovedNotes, IReadOnlyList<Guid> Referrers,
    IReadOnlyList<RealtimeEvent> Changes);
