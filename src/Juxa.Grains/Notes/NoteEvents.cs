using Juxa.Realtime;
using Juxa.Records;

namespace Juxa.Notes;

/// <summary>
/// Pushes committed note changes live, to the note's record (and so its object and workspace), with the note as the notes
/// API returns it; shared by the notes API and the assistant's note tool.
/// </summary>
public static class NoteEvents
{
    /// <summary><c>noteCreated</c>, by the note's author.</summary>
    public static Task PublishCreatedAsync(IRealtimePublisher realtime, Guid workspaceId, NoteView note) =>
        realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.NoteCreated, workspaceId, note.Object, note.RecordId, note.CreatedBy,
            data: note, at: note.CreatedAt));

    /// <summary><c>noteUpdated</c>, by whoever edited it, with the note as it now is.</summary>
    public static Task PublishUpdatedAsync(IRealtimePublisher realtime, Guid workspaceId, NoteView note, Actor actor) =>
        realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.NoteUpdated, workspaceId, note.Object, note.RecordId, actor,
            data: note, at: note.UpdatedAt));

    /// <summary><c>noteDeleted</c>, by whoever deleted it, with the note as it was.</summary>
    public static Task PublishDeletedAsync(IRealtimePublisher realtime, Guid workspaceId, NoteView note, Actor actor) =>
        realtime.PublishAsync(Deleted(workspaceId, note, actor));

    /// <summary>
    /// The <c>noteDeleted</c> event of a note deleted by <paramref name="actor"/>, by its route or with its record (whose delete
    /// publishes it with its other events, in bulk).
    /// </summary>
    public static RealtimeEvent Deleted(Guid workspaceId, NoteView note, Actor actor) =>
        RealtimeEvent.Create(RealtimeEventTypes.NoteDeleted, workspaceId, note.Object, note.RecordId, actor, data: note);
}
