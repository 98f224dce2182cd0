using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Lists;
using Juxa.Notes;
using Juxa.Realtime;
using Juxa.Records.Values;
using Juxa.Schema;
using Juxa.Tasks;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Writes one record, its unique keys, its references and its activity entry in one transaction.
/// Only <see cref="RecordGrain"/> calls it, so each record has a single writer. The schema used for
/// validation is the one committed when the transaction read <c>schema_version</c> FOR SHARE, so a
/// concurrent schema change waits for the write (or the write sees the change).
/// </summary>
public sealed class RecordWriter(NpgsqlDataSource db, SchemaCache schemas, TimeProvider time)
{
    /// <summary>
    /// Creates the record in two round trips: one batch that locks <c>schema_version</c> FOR SHARE and inserts the row,
    /// its unique keys, references and activity entry, then COMMIT. It validates against the cached schema first and
    /// commits only if the locked version is that schema's; otherwise it rolls back and goes again with the committed
    /// schema. A duplicate id or a unique value another record holds is a 409, and nothing is written. The batch also
    /// locks the referenced records (see <see cref="RecordTargets"/>): one deleted since they were checked sends it
    /// round again, and the check then refuses it.
    /// </summary>
    public async Task<RecordWrite> CreateAsync(Guid recordId, Guid workspaceId, string objectSlug, JsonElement values, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        var schema = await schemas.GetAsync(workspaceId);
        while (true)
        {
            ObjectDefinition obj;
            IReadOnlyDictionary<AttributeDefinition, NormalizedValue> validated;
            try
            {
                obj = schema.Object(objectSlug) ?? throw JuxaException.NotFound($"Object '{objectSlug}'");
                validated = RecordValidator.Validate(obj, values, creating: true);
                await CheckTargetsAsync(connection, workspaceId, schema, validated);
            }
            catch (JuxaException)
            {
                // Refused by a cached schema that may no longer be current (a new attribute, say): judge again by the committed one.
                if (await SchemaRepository.VersionAsync(connection, workspaceId, forShare: false, CancellationToken.None) == schema.Version)
                {
                    throw;
                }

                schema = await ReloadAsync(connection, workspaceId);
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync();

            var stored = new JsonObject();
            foreach (var (attribute, value) in validated.Where(v => v.Value.Stored is not null))
            {
                stored[attribute.Slug] = value.Stored!.DeepClone();
            }

            var now = time.GetUtcNow();
            var row = new RecordRow(recordId, workspaceId, obj.Id, stored, now, now);
            var unique = validated.Where(v => v.Key.IsUnique && v.Value.UniqueKeys.Count > 0)
                .Select(v => (Attribute: v.Key, Keys: v.Value.UniqueKeys)).ToList();
            var uniqueKeys = unique.SelectMany(u => u.Keys.Select(UniqueValues.Stored).Distinct().Select(k => (u.Attribute.Id, Key: k))).ToList();
            var references = validated.Where(v => v.Key.Type == AttributeType.RecordReference)
                .SelectMany(v => v.Value.References.Select(r => (v.Key.Id, r.RecordId))).Distinct().ToList();
            var targets = references.Select(r => r.RecordId).Distinct().ToArray();

            await using var batch = new NpgsqlBatch(connection, transaction)
                .Add("SELECT schema_version FROM workspaces WHERE id = $1 FOR SHARE", workspaceId)
                .Add($"SELECT count(*) FROM ({RecordTargets.LockSql}) AS t", workspaceId, targets)
                .Add(
                    """
                    INSERT INTO records (id, workspace_id, object_id, values, title, search_text, created_at, updated_at, created_by_type, created_by_id)
                    VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $7, $8, $9)
                    """,
                    recordId, workspaceId, obj.Id, stored.ToJsonString(), RecordFormatter.Title(obj, stored), RecordFormatter.SearchText(obj, stored), now, actor.Type, actor.Id)
                .Add(
                    "INSERT INTO record_unique_values (attribute_id, value_key, record_id) SELECT a, k, $3 FROM unnest($1::uuid[], $2::text[]) AS u(a, k)",
                    uniqueKeys.Select(k => k.Id).ToArray(), uniqueKeys.Select(k => k.Key).ToArray(), recordId)
                .Add(
                    """
                    INSERT INTO record_references (workspace_id, source_record_id, attribute_id, target_record_id)
                    SELECT $1, $2, a, t FROM unnest($3::uuid[], $4::uuid[]) AS u(a, t) ON CONFLICT DO NOTHING
                    """,
                    workspaceId, recordId, references.Select(r => r.Id).ToArray(), references.Select(r => r.RecordId).ToArray())
                .Add(ActivityLog.InsertSql, ActivityLog.Parameters(row, RecordActivityKinds.Created, actor, new JsonObject { ["values"] = stored.DeepClone() }, now));

            long? version;
            long locked;
            try
            {
                await using var reader = await batch.ExecuteReaderAsync();
                version = await reader.ReadAsync() ? reader.GetInt64(0) : null;
                await reader.NextResultAsync();
                locked = await reader.ReadAsync() ? reader.GetInt64(0) : 0;
                while (await reader.NextResultAsync())
                {
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await transaction.RollbackAsync();
                throw e.ConstraintName == "records_pkey"
                    ? JuxaException.Conflict("A record with this id already exists.")
                    : await UniqueValues.ConflictAsync(connection, recordId, unique, CancellationToken.None);
            }

            if (version is null)
            {
                throw JuxaException.NotFound("Workspace");
            }

            if (locked < targets.Length)
            {
                // A referenced record was deleted after the check: undo, and let the check refuse it.
                await transaction.RollbackAsync();
                continue;
            }

            if (version == schema.Version)
            {
                await transaction.CommitAsync();
                return new RecordWrite(null, row, obj, schema.Version);
            }

            // The schema changed since it was cached: undo, and validate again against the committed one.
            await transaction.RollbackAsync();
            schema = await ReloadAsync(connection, workspaceId);
        }
    }

    private async Task<WorkspaceSchema> ReloadAsync(NpgsqlConnection connection, Guid workspaceId)
    {
        var schema = await SchemaRepository.LoadAsync(connection, workspaceId, CancellationToken.None) ?? throw JuxaException.NotFound("Workspace");
        schemas.Put(schema);
        return schema;
    }

    /// <summary>
    /// Merges the given attributes into the record; returns the record unchanged (no write, no activity) when nothing differs.
    /// The merge is into the row as committed, read FOR NO KEY UPDATE, not into the caller's copy: that copy may predate a
    /// schema change (deleting an attribute deletes its values from the row, and a new attribute may take its slug) or
    /// the deletion of a record it referenced (which strips the reference from the row). Either would otherwise be
    /// written back. The row lock makes the delete's stripping wait for this write, or this write for it.
    /// </summary>
    /// <param name="recordId">The record; its grain has checked that it belongs to <paramref name="workspaceId"/> and the object.</param>
    /// <param name="workspaceId">The caller's workspace: a row of another one is not found.</param>
    /// <param name="objectSlug">The record's object.</param>
    /// <param name="values">The attributes to change, in write form; null clears one.</param>
    /// <param name="actor">The author of the activity entry.</param>
    public async Task<RecordWrite> UpdateAsync(Guid recordId, Guid workspaceId, string objectSlug, JsonElement values, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var schema = await SchemaForWriteAsync(connection, workspaceId);
        var obj = schema.Object(objectSlug) ?? throw JuxaException.NotFound($"Object '{objectSlug}'");
        var validated = RecordValidator.Validate(obj, values, creating: false);
        // Before the row lock, as RecordTargets requires; every given reference, since what changes is known only then.
        await CheckTargetsAsync(connection, workspaceId, schema, validated);
        var current = await connection.Command($"SELECT {RecordRepository.RowColumns} FROM records r WHERE r.id = $1 FOR NO KEY UPDATE", recordId)
            .FirstOrDefaultAsync(r => RecordRepository.ReadRow(r, 0), CancellationToken.None);
        if (current is null || current.WorkspaceId != workspaceId || current.ObjectId != obj.Id)
        {
            throw JuxaException.NotFound("Record");
        }

        var changed = ValuePatch.Changed(current.Values, validated);
        if (changed.Count == 0)
        {
            return new RecordWrite(current, current, obj, schema.Version);
        }

        // Every key of the row is live: the row is the one committed under this schema version.
        var (stored, changes) = ValuePatch.Apply(current.Values, changed, _ => true);
        var now = time.GetUtcNow();
        var row = current with { Values = stored, UpdatedAt = now };
        await connection.ExecuteAsync(
            "UPDATE records SET values = $2::jsonb, title = $3, search_text = $4, updated_at = $5 WHERE id = $1",
            CancellationToken.None, row.Id, stored.ToJsonString(), RecordFormatter.Title(obj, stored), RecordFormatter.SearchText(obj, stored), now);
        await WriteSideTablesAsync(connection, row, changed);
        await ActivityLog.AppendAsync(connection, row, RecordActivityKinds.Updated, actor, changes, now);
        await transaction.CommitAsync();
        return new RecordWrite(current, row, obj, schema.Version);
    }

    /// <summary>
    /// Deletes the record and, in the same transaction, every reference to it: from the values of the records that
    /// reference it (<see cref="ReferenceRemoval"/>) and of list entries (<see cref="ListEntryRepository.RemoveReferencesAsync"/>),
    /// each change logged as a PATCH by <paramref name="actor"/> would log it. The row goes first, so the record's own
    /// references (to itself too) go with it. Returns what else changed, for the caller to make known after the commit.
    /// </summary>
    /// <param name="current">The record as its grain holds it: its values go to the <c>deleted</c> activity entry.</param>
    /// <param name="actor">Who deletes it.</param>
    public async Task<RecordDeletion> DeleteAsync(RecordRow current, Actor actor)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryDeleteAsync(current, actor);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
                // Two deletes that each hold their row and lock the other's referencing records (A references B and C,
                // B references C: deleting B and C at once) can wait for each other. PostgreSQL aborts one of them,
                // which goes again once the other has committed.
            }
        }
    }

    private async Task<RecordDeletion> TryDeleteAsync(RecordRow current, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Under the schema lock, the attributes that may hold a reference to the record stay as they are until commit.
        var schema = await SchemaForWriteAsync(connection, current.WorkspaceId);
        var obj = schema.Object(current.ObjectId) ?? throw JuxaException.NotFound("Record");
        var now = time.GetUtcNow();
        var (removedEntries, linkedTasks, removedNotes) = await DeleteRowAsync(connection, transaction, current);
        await ActivityLog.AppendAsync(connection, current, RecordActivityKinds.Deleted, actor, new JsonObject { ["values"] = current.Values.DeepClone() }, now);
        var unlinkedTasks = await TaskRepository.MarkUpdatedAsync(connection, current.WorkspaceId, linkedTasks, actor, now, CancellationToken.None);
        var records = await ReferenceRemoval.FromRecordsAsync(connection, schema, obj, current.Id, actor, time);
        var entries = await ListEntryRepository.RemoveReferencesAsync(connection, schema, obj.Slug, current.Id, actor, time);
        await transaction.CommitAsync();
        return new RecordDeletion(
            [.. removedEntries.Where(e => !e.IsPrivate)
                .Select(e => ListEntryRepository.RemovedEvent(current.WorkspaceId, obj.Slug, e.ListId, e.EntryId, current.Id, actor))],
            unlinkedTasks,
            [.. removedNotes.Select(n => NoteEvents.Deleted(current.WorkspaceId, n, actor))],
            records.Select(r => r.Row.Id).ToList(),
            [
                .. records.Select(r => RealtimeEvent.Create(RealtimeEventTypes.RecordUpdated, current.WorkspaceId, r.Object.Slug, r.Row.Id, actor,
                    r.Changes.Select(c => c.Key).Order(StringComparer.Ordinal), at: r.Row.UpdatedAt)),
                .. entries,
            ]);
    }

    /// <summary>
    /// Deletes the record's row in one round trip, and with it, explicitly rather than by <c>ON DELETE CASCADE</c>, its list
    /// entries and its notes, so that it knows which ones it removed. The row is locked first: from then on no entry, note or
    /// task link can be added for it (their foreign-key checks wait, then find it gone), so the entries and notes removed and
    /// the tasks locked are all there are. Each later statement of the batch reads what committed before it (READ COMMITTED
    /// takes a snapshot per statement). Unique keys, outgoing references and task links still go by cascade; the activity stays.
    /// </summary>
    /// <returns>
    /// The entries removed, with their list's privacy as locked, the ids of the tasks linked to the record, locked, and the notes
    /// removed, as they were, oldest first.
    /// </returns>
    private static async Task<(List<(Guid EntryId, Guid ListId, bool IsPrivate)> Entries, List<Guid> Tasks, List<NoteView> Notes)> DeleteRowAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RecordRow current)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
            .Add("SELECT 1 FROM records WHERE id = $1 FOR UPDATE", current.Id)
            .Add(ListEntryRepository.LockListsOfRecordSql, current.Id)
            .Add(ListEntryRepository.RemoveRecordSql, current.Id)
            .Add(TaskRepository.LockLinkedToSql, current.WorkspaceId, current.Id)
            .Add(NoteRepository.RemoveRecordNotesSql, current.Id)
            .Add("DELETE FROM records WHERE id = $1", current.Id);
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        var isPrivate = new Dictionary<Guid, bool>();
        while (await reader.ReadAsync())
        {
            isPrivate[reader.GetGuid(0)] = reader.GetBoolean(1);
        }

        await reader.NextResultAsync();
        var entries = new List<(Guid EntryId, Guid ListId, bool IsPrivate)>();
        while (await reader.ReadAsync())
        {
            // Every entry's list was locked above (the record could join no other list since); were one not, it stays quiet.
            entries.Add((reader.GetGuid(0), reader.GetGuid(1), isPrivate.GetValueOrDefault(reader.GetGuid(1), true)));
        }

        await reader.NextResultAsync();
        var tasks = new List<Guid>();
        while (await reader.ReadAsync())
        {
            tasks.Add(reader.GetGuid(0));
        }

        await reader.NextResultAsync();
        var notes = new List<NoteView>();
        while (await reader.ReadAsync())
        {
            notes.Add(NoteRepository.Read(reader));
        }

        while (await reader.NextResultAsync())
        {
        }

        // DELETE … RETURNING has no order; their events go out as the notes were written.
        return (entries, tasks, [.. notes.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)]);
    }

    /// <summary>The schema as committed now; the row lock (FOR SHARE) holds schema changes back until this transaction ends.</summary>
    private async Task<WorkspaceSchema> SchemaForWriteAsync(NpgsqlConnection connection, Guid workspaceId)
    {
        var version = await SchemaRepository.VersionAsync(connection, workspaceId, forShare: true, CancellationToken.None)
            ?? throw JuxaException.NotFound("Workspace");
        var schema = await schemas.GetAsync(workspaceId);
        if (schema.Version != version)
        {
            schema = (await SchemaRepository.LoadAsync(connection, workspaceId, CancellationToken.None))!;
            schemas.Put(schema);
        }

        return schema;
    }

    private static async Task CheckTargetsAsync(NpgsqlConnection connection, Guid workspaceId, WorkspaceSchema schema,
        IReadOnlyDictionary<AttributeDefinition, NormalizedValue> values)
    {
        if ((await RecordTargets.CheckAsync(connection, workspaceId, schema, [values])).GetValueOrDefault(0) is { } errors)
        {
            throw JuxaException.Validation(errors.First().Value[0], errors);
        }
    }

    private static async Task WriteSideTablesAsync(NpgsqlConnection connection, RecordRow row, IReadOnlyDictionary<AttributeDefinition, NormalizedValue> values)
    {
        foreach (var (attribute, value) in values)
        {
            if (attribute.IsUnique)
            {
                await UniqueValues.ReplaceAsync(connection, row.Id, attribute, value.UniqueKeys, CancellationToken.None);
            }

            if (attribute.Type == AttributeType.RecordReference)
            {
                await connection.ExecuteAsync("DELETE FROM record_references WHERE source_record_id = $1 AND attribute_id = $2",
                    CancellationToken.None, row.Id, attribute.Id);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO record_references (workspace_id, source_record_id, attribute_id, target_record_id)
                    SELECT $1, $2, $3, t FROM unnest($4::uuid[]) AS t ON CONFLICT DO NOTHING
                    """,
                    CancellationToken.None, row.WorkspaceId, row.Id, attribute.Id, value.References.Select(r => r.RecordId).ToArray());
            }
        }
    }
}
