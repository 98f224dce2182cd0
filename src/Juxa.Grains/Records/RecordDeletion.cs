using Juxa.Realtime;

namespace Juxa.Records;

/// <summary>
/// What deleting a record changed besides its row (<see cref="RecordWriter.DeleteAsync"/>): the records whose values
/// referenced it, whose grains may now hold stale copies, and the events of those changes and of the list entries
/// that referenced it, to publish after the commit.
/// </summary>
public sealed record RecordDeletion(IReadOnlyList<Guid> Referrers, IReadOnlyList<RealtimeEvent> Changes);
