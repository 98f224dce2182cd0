using System.Collections.Concurrent;
using Juxa.Schema;

namespace Juxa.Records;

/// <summary>
/// The hot copies of the <see cref="RecordGrain"/> activations in this process, so that a single-record read on the
/// host that holds the record's activation is served from that activation's copy without a grain call (a call costs
/// about a third of a hot GET's CPU: message, scheduling and two thread-pool hops).
/// <para>
/// The grain stays the only writer and the only source: it publishes a new immutable copy after each committed change,
/// before the write returns, and withdraws it when it deletes the record or deactivates. A read that finds no copy
/// here (the activation lives on another silo, or this is a client-only API host), a copy of another workspace, or one
/// formatted with another schema snapshot than the current one asks the grain, which answers, formats or refuses (404)
/// exactly as before. A read that overlaps a write may see the copy from before it, as a read queued ahead of the
/// write would have.
/// </para>
/// </summary>
public sealed class LocalRecordViews(SchemaCache schemas)
{
    private readonly ConcurrentDictionary<Guid, HotRecordView> _views = new();

    public void Publish(HotRecordView copy) => _views[copy.Row.Id] = copy;

    /// <summary>Removes this copy, and only this one: a newer activation's copy of the same record stays.</summary>
    public void Withdraw(HotRecordView copy) => _views.TryRemove(KeyValuePair.Create(copy.Row.Id, copy));

    /// <summary>The record's view if this process holds a current copy of it for this workspace and object; otherwise null (ask the grain).</summary>
    public async ValueTask<RecordView?> FindAsync(Guid workspaceId, string objectSlug, Guid recordId)
    {
        if (!_views.TryGetValue(recordId, out var copy) || copy.Row.WorkspaceId != workspaceId)
        {
            return null;
        }

        // The same snapshot object the copy was formatted with, so the object still exists with this slug and id, and
        // its attributes are unchanged. Any other schema (a newer version, or none) goes to the grain.
        var obj = (await schemas.GetAsync(workspaceId)).Object(objectSlug);
        return ReferenceEquals(obj, copy.Object) ? copy.View : null;
    }
}
