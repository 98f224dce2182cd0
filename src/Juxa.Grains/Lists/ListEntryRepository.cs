using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Records.Query;
using Juxa.Records.Values;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Lists;

/// <summary>
/// SQL for <c>list_entries</c>. Each write is one transaction that holds the list row FOR SHARE (so the
/// attributes it validates against cannot change before it commits, see <see cref="ListSql"/>) and then
/// either a single statement (add, remove) or a row lock on the entry (update), so concurrent writers
/// never lose an update. The record's activity-feed entry is written in the same transaction.
/// </summary>
public sealed class ListEntryRepository(NpgsqlDataSource db, SchemaCache schemas, IRealtimePublisher realtime, TimeProvider time)
{
    public const int MaxSearchLength = 200;

    /// <summary>
    /// Locks (FOR SHARE, in id order, as every entry write locks its list: <see cref="ListSql"/>) the lists that hold the
    /// record <c>$1</c>, and returns each one's id and privacy as committed under the lock: a statement of the record's
    /// delete, which has locked the record's row by then, so the record can join no further list
    /// (<see cref="AddAsync"/>'s foreign key waits for the delete and finds it gone). <see cref="RemoveRecordSql"/> follows it.
    /// </summary>
    public const string LockListsOfRecordSql =
        "SELECT l.id, l.is_private FROM lists l WHERE EXISTS (SELECT 1 FROM list_entries e WHERE e.list_id = l.id AND e.record_id = $1) ORDER BY l.id FOR SHARE";

    /// <summary>
    /// Removes the record <c>$1</c> from every list, returning each entry's id and list, for the <see cref="RemovedEvent"/>s
    /// the delete publishes after its commit (the <c>ON DELETE CASCADE</c> would remove the same entries, but say nothing).
    /// </summary>
    public const string RemoveRecordSql = "DELETE FROM list_entries WHERE record_id = $1 RETURNING id, list_id";

    /// <summary>Entries (<c>e</c>) with their records (<c>r</c>), in the columns <see cref="ReadEntry"/> reads; a WHERE follows.</summary>
    private const string SelectEntries =
        $"SELECT e.id, e.list_id, e.record_id, e.values, e.created_at, e.updated_at, {RecordRepository.RowColumns} FROM list_entries e JOIN records r ON r.id = e.record_id";

    private static readonly JsonElement NoValues = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>One page of the list's entries, newest first, each with its record, and how many there are.</summary>
    public async Task<(ListEntryContext Context, List<ListEntry> Entries, long Total)> PageAsync(
        ListViewer viewer, Guid listId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var context = await ContextAsync(connection, viewer, listId, cancellationToken);
        var entries = await connection.Command(
                $"""
                {SelectEntries}
                WHERE e.list_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2 OFFSET $3
                """, listId, limit, offset)
            .ListAsync(ReadEntry, cancellationToken);
        var total = await connection.Command("SELECT count(*) FROM list_entries WHERE list_id = $1", listId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (context, entries, total);
    }

    /// <summary>One entry of the list with its record; 404 for an entry of another list, as for a list the viewer cannot see.</summary>
    public async Task<(ListEntryContext Context, ListEntry Entry)> GetAsync(ListViewer viewer, Guid listId, Guid entryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var context = await ContextAsync(connection, viewer, listId, cancellationToken);
        var entry = await connection.Command(
                $"""
                {SelectEntries}
                WHERE e.id = $1 AND e.list_id = $2
                """, entryId, listId)
            .FirstOrDefaultAsync(ReadEntry, cancellationToken) ?? throw JuxaException.NotFound("List entry");
        return (context, entry);
    }

    private async Task<ListEntryContext> ContextAsync(NpgsqlConnection connection, ListViewer viewer, Guid listId, CancellationToken cancellationToken)
    {
        var list = await ListSql.FindAsync(connection, viewer, listId, cancellationToken) ?? throw JuxaException.NotFound("List");
        var attributes = await ListSql.AttributesAsync(connection, listId, cancellationToken);
        var (_, obj) = await SchemaAsync(connection, list);
        return new ListEntryContext(list, attributes, obj);
    }

    /// <summary>
    /// Adds a record to the list. The INSERT itself checks that the record is one of the list's object in
    /// the viewer's workspace (else 404), and UNIQUE (list_id, record_id) makes a second add a 409 however
    /// the adds race — there is no check-then-insert window. A record of an archived object is not added (409).
    /// </summary>
    public async Task<(ListEntryContext Context, ListEntry Entry)> AddAsync(ListViewer viewer, Guid listId, Guid recordId, JsonElement? values, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var list = await ListSql.LockAsync(connection, viewer, listId, forUpdate: false);
        var attributes = await ListSql.AttributesAsync(connection, listId, CancellationToken.None);
        var (schema, obj) = await SchemaAsync(connection, list);
        // The list stays readable and its entries editable, but an archived object's records join no list. Judged by the
        // committed row rather than the cached schema, so an object archived or unarchived a moment ago on another node counts.
        if (await connection.Command("SELECT is_archived FROM objects WHERE id = $1", list.ObjectId).FirstOrDefaultAsync(r => r.GetBoolean(0), CancellationToken.None))
        {
            throw ArchivedObjects.Refusal(obj.Slug, "list entries");
        }

        var validated = RecordValidator.Validate(ListEntryFormatter.AsObject(list, attributes), values ?? NoValues, creating: true);
        await CheckTargetsAsync(connection, viewer.WorkspaceId, schema, validated);

        var stored = new JsonObject();
        foreach (var (attribute, value) in validated.Where(v => v.Value.Stored is not null))
        {
            stored[attribute.Slug] = value.Stored!.DeepClone();
        }

        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        int inserted;
        try
        {
            inserted = await connection.ExecuteAsync(
                """
                INSERT INTO list_entries (id, workspace_id, list_id, record_id, values, created_at, updated_at, created_by_type, created_by_id)
                SELECT $1, r.workspace_id, $2, r.id, $3::jsonb, $4, $4, $5, $6 FROM records r
                WHERE r.id = $7 AND r.workspace_id = $8 AND r.object_id = $9
                """,
                CancellationToken.None, id, listId, stored.ToJsonString(), now, actor.Type, actor.Id, recordId, viewer.WorkspaceId, list.ObjectId);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw JuxaException.Conflict("This record is already in the list.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The record was deleted between the SELECT and the foreign-key check.
            inserted = 0;
        }

        if (inserted == 0)
        {
            throw JuxaException.NotFound("Record");
        }

        // The entry's foreign key holds a KEY SHARE lock on the record until commit: it is still there.
        var record = (await connection.Command($"SELECT {RecordRepository.RowColumns} FROM records r WHERE r.id = $1", recordId)
            .FirstOrDefaultAsync(r => RecordRepository.ReadRow(r, 0), CancellationToken.None))!;
        var entry = new ListEntry(id, listId, recordId, stored, now, now, record);
        var context = new ListEntryContext(list, attributes, obj);
        await AppendActivityAsync(connection, list, entry, ListActivityKinds.EntryAdded, actor, new JsonObject { ["values"] = stored.DeepClone() }, now);
        await transaction.CommitAsync();
        await PublishAsync(list, recordId, actor, RealtimeJson.WithChange(ListEntryView.From(context, entry), "added"));
        return (context, entry);
    }

    /// <summary>
    /// Merges the given attributes into the entry's values, as a record PATCH does: attributes not named
    /// keep their values, null clears one. The entry row is locked FOR UPDATE while the merge is computed
    /// and written, so concurrent patches of different attributes all survive. Nothing changes (no write,
    /// no activity) when every value is already as given.
    /// </summary>
    public async Task<(ListEntryContext Context, ListEntry Entry)> UpdateAsync(ListViewer viewer, Guid listId, Guid entryId, JsonElement values, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var list = await ListSql.LockAsync(connection, viewer, listId, forUpdate: false);
        var attributes = await ListSql.AttributesAsync(connection, listId, CancellationToken.None);
        var (schema, obj) = await SchemaAsync(connection, list);
        var validated = RecordValidator.Validate(ListEntryFormatter.AsObject(list, attributes), values, creating: false);
        // Before the entry lock, as RecordTargets requires; every given reference, since what changes is known only then.
        await CheckTargetsAsync(connection, viewer.WorkspaceId, schema, validated);
        var current = await connection.Command(
                $"""
                {SelectEntries}
                WHERE e.id = $1 AND e.list_id = $2 FOR UPDATE OF e
                """, entryId, listId)
            .FirstOrDefaultAsync(ReadEntry, CancellationToken.None) ?? throw JuxaException.NotFound("List entry");
        var context = new ListEntryContext(list, attributes, obj);

        var changed = ValuePatch.Changed(current.Values, validated);
        if (changed.Count == 0)
        {
            return (context, current);
        }

        var (stored, changes) = ValuePatch.Apply(current.Values, changed, slug => attributes.Any(a => a.Slug == slug));
        var now = time.GetUtcNow();
        await connection.ExecuteAsync("UPDATE list_entries SET values = $2::jsonb, updated_at = $3 WHERE id = $1",
            CancellationToken.None, entryId, stored.ToJsonString(), now);
        var entry = current with { Values = stored, UpdatedAt = now };
        await AppendActivityAsync(connection, list, entry, ListActivityKinds.EntryUpdated, actor, new JsonObject { ["values"] = changes }, now);
        await transaction.CommitAsync();
        await PublishAsync(list, entry.RecordId, actor, RealtimeJson.WithChange(ListEntryView.From(context, entry), "updated"), changed.Keys.Select(a => a.Slug));
        return (context, entry);
    }

    /// <summary>Removes an entry in one DELETE … RETURNING; the removed values go to the record's activity feed.</summary>
    public async Task RemoveAsync(ListViewer viewer, Guid listId, Guid entryId, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var list = await ListSql.LockAsync(connection, viewer, listId, forUpdate: false);
        var removed = await connection.Command("DELETE FROM list_entries WHERE id = $1 AND list_id = $2 RETURNING record_id, values::text", entryId, listId)
            .FirstOrDefaultAsync(r => (RecordId: r.GetGuid(0), Values: JsonNode.Parse(r.GetString(1))!.AsObject()), CancellationToken.None);
        if (removed == default)
        {
            throw JuxaException.NotFound("List entry");
        }

        var now = time.GetUtcNow();
        if (!list.IsPrivate)
        {
            await ActivityLog.AppendAsync(connection, list.WorkspaceId, removed.RecordId, list.ObjectId, ListActivityKinds.EntryRemoved, actor,
                Changes(list, entryId, new JsonObject { ["values"] = removed.Values }), now);
        }

        await transaction.CommitAsync();
        if (!list.IsPrivate)
        {
            await realtime.PublishAsync(RemovedEvent(list.WorkspaceId, list.ObjectSlug, list.Id, entryId, removed.RecordId, actor));
        }
    }

    /// <summary>
    /// The <c>listEntryChanged</c> of an entry removed from a public list (by its route, or with its record or list):
    /// the entry is gone, and its record and values are not at hand, so its ids say which one it was.
    /// </summary>
    public static RealtimeEvent RemovedEvent(Guid workspaceId, string objectSlug, Guid listId, Guid entryId, Guid recordId, Actor actor) =>
        RealtimeEvent.Create(RealtimeEventTypes.ListEntryChanged, workspaceId, objectSlug, recordId, actor,
            data: new JsonObject { ["id"] = entryId, ["listId"] = listId, ["recordId"] = recordId, ["change"] = "removed" });

    /// <summary>
    /// <c>listEntryChanged</c> to the workspace, the list's object and the record. A private list's
    /// changes are not broadcast: every member of the workspace group would learn of a list they cannot see.
    /// </summary>
    private Task PublishAsync(ListInfo list, Guid recordId, Actor actor, JsonObject data, IEnumerable<string>? changedAttributes = null) =>
        Event(list, recordId, actor, data, changedAttributes) is { } e ? realtime.PublishAsync(e) : Task.CompletedTask;

    /// <summary>The <c>listEntryChanged</c> event of a change; null for a private list, whose changes are not broadcast.</summary>
    private static RealtimeEvent? Event(ListInfo list, Guid recordId, Actor actor, JsonObject data, IEnumerable<string>? changedAttributes) =>
        list.IsPrivate
            ? null
            : RealtimeEvent.Create(RealtimeEventTypes.ListEntryChanged, list.WorkspaceId, list.ObjectSlug, recordId, actor, changedAttributes, data);

    /// <summary>
    /// Strips a deleted record from the entries whose record-reference list attributes point at it, inside the
    /// delete's transaction, as an entry PATCH that cleared it would: the list rows locked FOR SHARE first (the lock
    /// protocol of every entry write, <see cref="ListSql"/>), then the entries FOR UPDATE, and a
    /// <c>list_entry_updated</c> activity entry by <paramref name="actor"/> for each entry of a public list. Only
    /// attributes whose <c>targetObject</c> is the deleted record's object can hold the reference, so lists without
    /// one are never read. Returns the <c>listEntryChanged</c> events to publish after the commit (none for private lists),
    /// each with the entry as the lists API returns it, as for any entry change.
    /// </summary>
    /// <param name="connection">The delete's connection, inside its transaction.</param>
    /// <param name="schema">The workspace's schema as the delete locked it.</param>
    /// <param name="objectSlug">The deleted record's object.</param>
    /// <param name="deletedId">The deleted record.</param>
    /// <param name="actor">Who deleted it: the author of the activity entries and events.</param>
    /// <param name="time">Gives the strip's time once the entries are locked: their <c>updated_at</c> and the activity's time.</param>
    public static async Task<List<RealtimeEvent>> RemoveReferencesAsync(
        NpgsqlConnection connection, WorkspaceSchema schema, string objectSlug, Guid deletedId, Actor actor, TimeProvider time)
    {
        var workspaceId = schema.WorkspaceId;
        const string referencing = "a.type = 'record-reference' AND a.config->>'targetObject' = $2";
        var lists = (await connection.Command(
                $"""
                SELECT {ListSql.ListColumns} FROM lists l JOIN objects o ON o.id = l.object_id
                WHERE l.workspace_id = $1 AND EXISTS (SELECT 1 FROM list_attributes a WHERE a.list_id = l.id AND {referencing})
                ORDER BY l.id FOR SHARE OF l
                """, workspaceId, objectSlug)
            .ListAsync(r => ListSql.ReadList(r, counted: false), CancellationToken.None))
            .ToDictionary(l => l.Id);
        if (lists.Count == 0)
        {
            return [];
        }

        // Read again under the locks: an attribute change that committed while this transaction waited for them counts.
        var listIds = lists.Keys.ToArray();
        var slugs = (await connection.Command($"SELECT a.list_id, a.slug FROM list_attributes a WHERE a.list_id = ANY($1) AND {referencing}", listIds, objectSlug)
                .ListAsync(r => (ListId: r.GetGuid(0), Slug: r.GetString(1)), CancellationToken.None))
            .ToLookup(a => a.ListId, a => a.Slug);
        var entries = await connection.Command(
                $"""
                {SelectEntries}
                WHERE e.list_id = ANY($1) AND EXISTS (
                    SELECT 1 FROM list_attributes a WHERE a.list_id = e.list_id AND {referencing}
                    AND e.values @> jsonb_build_object(a.slug, CASE WHEN a.is_multiselect THEN jsonb_build_array($3::jsonb) ELSE $3::jsonb END))
                ORDER BY e.id FOR UPDATE OF e
                """, listIds, objectSlug, new JsonObject { ["target_record_id"] = deletedId.ToString() }.ToJsonString())
            .ListAsync(ReadEntry, CancellationToken.None);
        // Taken now, not when the delete began: an entry write that committed while the delete waited is older than the
        // strip that follows it (ReferenceRemoval.FromRecordsAsync does the same for records).
        var at = time.GetUtcNow();
        var stripped = entries.Select(e => (Entry: e, List: lists[e.ListId], Changes: ReferenceRemoval.Strip(e.Values, slugs[e.ListId], deletedId)))
            .Where(s => s.Changes.Count > 0).ToList();
        if (stripped.Count == 0)
        {
            return [];
        }

        await connection.ExecuteAsync(
            "UPDATE list_entries e SET values = u.values::jsonb, updated_at = $3 FROM unnest($1::uuid[], $2::text[]) AS u(id, values) WHERE e.id = u.id",
            CancellationToken.None, stripped.Select(s => s.Entry.Id).ToArray(), stripped.Select(s => s.Entry.Values.ToJsonString()).ToArray(), at);
        var logged = stripped.Where(s => !s.List.IsPrivate).ToList();
        await ActivityLog.AppendManyAsync(connection, workspaceId, ListActivityKinds.EntryUpdated, actor, at,
            [.. logged.Select(s => (s.Entry.RecordId, s.List.ObjectId, Changes(s.List, s.Entry.Id, new JsonObject { ["values"] = s.Changes })))]);
        var events = new List<RealtimeEvent>();
        foreach (var group in logged.GroupBy(s => s.List.Id))
        {
            var list = lists[group.Key];
            var context = new ListEntryContext(list, await ListSql.AttributesAsync(connection, list.Id, CancellationToken.None),
                schema.Object(list.ObjectId) ?? throw new InvalidOperationException($"List {list.Id} has no object in the locked schema."));
            events.AddRange(group.Select(s => Event(list, s.Entry.RecordId, actor,
                RealtimeJson.WithChange(ListEntryView.From(context, s.Entry with { UpdatedAt = at }), "updated"), s.Changes.Select(c => c.Key))!));
        }

        return events;
    }

    /// <summary>
    /// Records of the list's object that are not in the list, newest first, optionally narrowed to those
    /// whose title or search text contains <paramref name="search"/> (case-insensitive, taken literally:
    /// <c>%</c> and <c>_</c> are escaped).
    /// </summary>
    public async Task<(ListEntryContext Context, List<RecordRow> Records, long Total)> AvailableRecordsAsync(
        ListViewer viewer, Guid listId, string? search, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var term = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (term is { Length: > MaxSearchLength })
        {
            throw JuxaException.Validation("search", $"search must be at most {MaxSearchLength} characters.");
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var list = await ListSql.FindAsync(connection, viewer, listId, cancellationToken) ?? throw JuxaException.NotFound("List");
        var (_, obj) = await SchemaAsync(connection, list);
        const string where =
            """
            r.workspace_id = $1 AND r.object_id = $2
            AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.list_id = $3 AND e.record_id = r.id)
            AND ($4::text IS NULL OR r.title ILIKE '%' || $4 || '%' ESCAPE '\' OR r.search_text ILIKE '%' || $4 || '%' ESCAPE '\')
            """;
        object?[] parameters = [viewer.WorkspaceId, list.ObjectId, listId, term is null ? null : SqlTranslator.EscapeLike(term)];
        var records = await connection.Command(
                $"SELECT {RecordRepository.RowColumns} FROM records r WHERE {where} ORDER BY r.created_at DESC, r.id DESC LIMIT $5 OFFSET $6",
                [.. parameters, limit, offset])
            .ListAsync(r => RecordRepository.ReadRow(r, 0), cancellationToken);
        var total = await connection.Command($"SELECT count(*) FROM records r WHERE {where}", parameters)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (new ListEntryContext(list, [], obj), records, total);
    }

    private static ListEntry ReadEntry(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), JsonNode.Parse(r.GetString(3))!.AsObject(), r.GetFieldValue<DateTimeOffset>(4),
        r.GetFieldValue<DateTimeOffset>(5), RecordRepository.ReadRow(r, 6));

    /// <summary>
    /// The workspace schema (for reference checks) and the list's object (for the record view). A cached
    /// snapshot that does not know the object yet (created on another node within the cache's trust
    /// window) is refreshed from the database once.
    /// </summary>
    private async Task<(WorkspaceSchema Schema, ObjectDefinition Object)> SchemaAsync(NpgsqlConnection connection, ListInfo list)
    {
        var schema = await schemas.GetAsync(list.WorkspaceId);
        if (schema.Object(list.ObjectId) is null)
        {
            schema = await SchemaRepository.LoadAsync(connection, list.WorkspaceId, CancellationToken.None) ?? throw JuxaException.NotFound("List");
            schemas.Put(schema);
        }

        return (schema, schema.Object(list.ObjectId) ?? throw JuxaException.NotFound("List"));
    }

    private static async Task CheckTargetsAsync(NpgsqlConnection connection, Guid workspaceId, WorkspaceSchema schema,
        IReadOnlyDictionary<AttributeDefinition, NormalizedValue> values)
    {
        if ((await RecordTargets.CheckAsync(connection, workspaceId, schema, [values])).GetValueOrDefault(0) is { } errors)
        {
            throw JuxaException.Validation(errors.First().Value[0], errors);
        }
    }

    /// <summary>
    /// Adds the change to the record's activity feed — except for private lists: every member can read a
    /// record's feed, so an entry there would reveal the private list (its name, its values) to them.
    /// </summary>
    private static Task AppendActivityAsync(NpgsqlConnection connection, ListInfo list, ListEntry entry, string kind, Actor actor, JsonObject details, DateTimeOffset at) =>
        list.IsPrivate
            ? Task.CompletedTask
            : ActivityLog.AppendAsync(connection, list.WorkspaceId, entry.RecordId, list.ObjectId, kind, actor, Changes(list, entry.Id, details), at);

    private static JsonObject Changes(ListInfo list, Guid entryId, JsonObject details)
    {
        var changes = new JsonObject { ["listId"] = list.Id, ["listName"] = list.Name, ["entryId"] = entryId };
        foreach (var (key, value) in details.ToList())
        {
            details.Remove(key);
            changes[key] = value;
        }

        return changes;
    }
}
