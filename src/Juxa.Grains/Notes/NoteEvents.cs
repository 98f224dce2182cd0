using Juxa.Realtime;

namespace Juxa.Notes;

/// <summary>Pushes a committed note live; shared by the notes API and the assistant's note tool.</summary>
public static class NoteEvents
{
    /// <summary><c>noteCreated</c> on the note's record (and so its object and workspace), with the note as the notes API returns it.</summary>
    public static Task PublishCreatedAsync(IRealtimePublisher realtime, Guid workspaceId, NoteView note) =>
        realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.NoteCreated, workspaceId, note.Object, note.RecordId, note.CreatedBy,
            data: note, at: note.CreatedAt));
}
