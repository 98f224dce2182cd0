using System.Text.Json;
using Juxa.Errors;
using Juxa.Hosting;
using Juxa.Realtime;
using Juxa.Schema;
using Juxa.Tasks;

namespace Juxa.Records;

/// <summary>
/// Holds the record row (source of truth: the <c>records</c> table) and writes it through <see cref="RecordWriter"/>.
/// Each committed change is then pushed to hub clients; the publisher never throws, so a push cannot fail a write.
/// Its formatted hot copy is also published to <see cref="LocalRecordViews"/>, so reads on this host need no call.
/// </summary>
public sealed class RecordGrain(
    RecordRepository records, RecordWriter writer, SchemaCache schemas, IRealtimePublisher realtime, LocalRecordViews local,
    LocalRecordActivations activations, RecordCopies copies)
    : Grain, IRecordGrain
{
    private RecordRow? _row;
    private HotRecordView? _hot;
    private bool _loaded;

    /// <summary>
    /// The schema version <see cref="_row"/> is current for. A schema change can change rows behind the grain's back
    /// (deleting an attribute deletes its values), so a newer version means the row is read again.
    /// </summary>
    private long _rowSchemaVersion;

    /// <summary>Lets the activation go a little after it found no record (a guessed or deleted id).</summary>
    private readonly UnknownIdDeactivation _unknown = new();

    private Guid Id => this.GetPrimaryKey();

    public async Task<RecordView> GetAsync(Guid workspaceId, string objectSlug)
    {
        var (row, obj) = await CurrentAsync(workspaceId, objectSlug);
        // Hot reads format once per change of the row or of the schema snapshot (both immutable: compared by reference).
        return _hot is { } hot && ReferenceEquals(hot.Row, row) && ReferenceEquals(hot.Object, obj) ? hot.View : Publish(row, obj);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Listed before any call can read the row: a delete that finds this activation unlisted has committed before it.
        activations.Add(Id);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Withdraw();
        activations.Remove(Id);
        return Task.CompletedTask;
    }

    public async Task<RecordView> CreateAsync(Guid workspaceId, string objectSlug, JsonElement values, Actor actor)
    {
        // A new activation does not read its row first: the id is a fresh UUIDv7 from the API, and the
        // writer's INSERT refuses a duplicate (409) through the primary key anyway.
        if (_loaded && _row is not null)
        {
            throw JuxaException.Conflict("A record with this id already exists.");
        }

        var (_, row, obj, schemaVersion) = await writer.CreateAsync(Id, workspaceId, objectSlug, values, actor);
        Keep(row, schemaVersion);
        var view = Publish(row, obj);
        await realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.RecordCreated, workspaceId, obj.Slug, row.Id, actor, at: row.CreatedAt));
        return view;
    }

    public async Task<RecordView> UpdateAsync(Guid workspaceId, string objectSlug, JsonElement values, Actor actor)
    {
        var (current, _) = await CurrentAsync(workspaceId, objectSlug);
        // The writer merges into the row as committed, which may differ from this copy (see RecordWriter.UpdateAsync).
        var (before, row, obj, schemaVersion) = await writer.UpdateAsync(current.Id, workspaceId, objectSlug, values, actor);
        Keep(row, schemaVersion);
        var view = Publish(row, obj);
        // The writer returns the row unchanged when nothing differs; then there is no event either.
        if (RealtimeChanges.Between(before!.Values, row.Values) is { Length: > 0 } changed)
        {
            await realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.RecordUpdated, workspaceId, obj.Slug, row.Id, actor, changed, at: row.UpdatedAt));
        }

        return view;
    }

    public async Task DeleteAsync(Guid workspaceId, string objectSlug, Actor actor)
    {
        var (current, obj) = await CurrentAsync(workspaceId, objectSlug);
        var deletion = await writer.DeleteAsync(current, actor);
        _row = null;
        Withdraw();
        // The record leaves its lists and tasks, and its notes go, before it does, as a client removing each by hand would
        // publish: a client mirroring a list, a task or the notes has dropped it by the time recordDeleted arrives. Handed
        // over in bulk, numbered in this order.
        await realtime.PublishManyAsync([
            .. deletion.RemovedEntries,
            .. await TaskEvents.EventsAsync(schemas, records, workspaceId, actor, deletion.UnlinkedTasks, "updated"),
            .. deletion.RemovedNotes,
            RealtimeEvent.Create(RealtimeEventTypes.RecordDeleted, workspaceId, obj.Slug, current.Id, actor),
        ]);
        // The referencing records' activations, wherever they are, forget their copies before the delete returns and
        // before their recordUpdated events go out, so neither this caller nor a client reacting to an event reads a copy
        // that still holds the reference; referrers with no activation are not activated. Awaiting cannot deadlock:
        // InvalidateAsync calls no grain, so nothing calls back into this (non-reentrant) activation, and this record
        // is never among them (its own references went with its row; a call to itself would wait for this call to end).
        // A failure is only logged: the delete has committed, and a stale copy can never write the reference back
        // (RecordWriter.UpdateAsync merges into the locked row).
        await copies.ForgetAsync(deletion.Referrers.Where(id => id != Id).ToList());
        await realtime.PublishManyAsync(deletion.Changes);
        _unknown.Schedule(this, () => _row is not null, DeactivateOnIdle);
    }

    public Task InvalidateAsync()
    {
        if (!_loaded)
        {
            // Activated only for this call: there is no copy, and nothing to keep the activation for.
            DeactivateOnIdle();
        }

        _loaded = false;
        _row = null;
        Withdraw();
        return Task.CompletedTask;
    }

    /// <summary>Formats the current row, keeps it as the hot copy and hands it to this host's readers.</summary>
    private RecordView Publish(RecordRow row, ObjectDefinition obj)
    {
        var hot = HotRecordView.Format(row, obj);
        _hot = hot;
        local.Publish(hot);
        return hot.View;
    }

    private void Withdraw()
    {
        if (_hot is { } hot)
        {
            local.Withdraw(hot);
            _hot = null;
        }
    }

    private void Keep(RecordRow? row, long schemaVersion)
    {
        _row = row;
        _loaded = true;
        _rowSchemaVersion = schemaVersion;
    }

    /// <summary>The record if it belongs to this workspace and object; otherwise the same 404 as a missing record.</summary>
    private async Task<(RecordRow Row, ObjectDefinition Object)> CurrentAsync(Guid workspaceId, string objectSlug)
    {
        var schema = await schemas.GetAsync(workspaceId);
        if (!_loaded || (_row?.WorkspaceId == workspaceId && schema.Version > _rowSchemaVersion))
        {
            // Read after the snapshot, the row holds at least that snapshot's changes. A row of another workspace is
            // current for no version of this one: the first call from its own workspace reads it again.
            var row = await records.GetAsync(Id);
            Keep(row, row?.WorkspaceId == workspaceId ? schema.Version : 0);
        }

        if (_row is null || _row.WorkspaceId != workspaceId)
        {
            _unknown.Schedule(this, () => _row is not null, DeactivateOnIdle);
            throw JuxaException.NotFound("Record");
        }

        var obj = schema.Object(objectSlug);
        if (obj is null || obj.Id != _row.ObjectId)
        {
            throw JuxaException.NotFound("Record");
        }

        return (_row, obj);
    }
}
