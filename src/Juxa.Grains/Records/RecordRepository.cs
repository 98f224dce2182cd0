using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Lists;
using Juxa.Records.Query;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Read-side SQL for records: lists, queries, related and activity (search and browse: <see cref="RecordSearch"/>). These go
/// straight to PostgreSQL (they see every acknowledged write); single-record reads go to the grain.
/// </summary>
public sealed class RecordRepository(NpgsqlDataSource db)
{
    /// <summary>
    /// The record columns <see cref="ReadRow(NpgsqlDataReader, int)"/> reads, over <c>records r</c> (list entries select
    /// them too). <c>values</c> is read as jsonb (Npgsql hands it over as a string): a <c>values::text</c> here would be
    /// computed for every row that reaches a sort, not just the page's: 15 ms instead of 9 ms for a page of a query
    /// with 1400 matches (docs/query-plans.md).
    /// </summary>
    public const string RowColumns = "r.id, r.workspace_id, r.object_id, r.values, r.created_at, r.updated_at";

    /// <summary>The most records <see cref="RelatedAsync"/> returns of one group (one direction of one attribute).</summary>
    public const int MaxRelatedPerGroup = 1000;

    /// <summary>How many columns <see cref="RowColumns"/> names: a query's sort keys follow them.</summary>
    private const int RowColumnCount = 6;

    public Task<RecordRow?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Command($"SELECT {RowColumns} FROM records r WHERE r.id = $1", id).FirstOrDefaultAsync(ReadRow, cancellationToken);

    /// <summary>The object a record of this workspace belongs to; null when there is no such record here.</summary>
    public Task<Guid?> ObjectOfAsync(Guid workspaceId, Guid recordId, CancellationToken cancellationToken = default) =>
        db.Command("SELECT object_id FROM records WHERE workspace_id = $1 AND id = $2", workspaceId, recordId)
            .FirstOrDefaultAsync(r => (Guid?)r.GetGuid(0), cancellationToken);

    /// <summary>The object of each of these records that is in this workspace, in one query; records not here are left out.</summary>
    public async Task<Dictionary<Guid, Guid>> ObjectsOfAsync(Guid workspaceId, IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken = default) =>
        (await db.Command("SELECT id, object_id FROM records WHERE workspace_id = $1 AND id = ANY($2)", workspaceId, recordIds.ToArray())
            .ListAsync(r => (Id: r.GetGuid(0), ObjectId: r.GetGuid(1)), cancellationToken))
        .ToDictionary(r => r.Id, r => r.ObjectId);

    /// <summary>
    /// One page of an object's records matching a compiled query (after its cursor, if it has one), the total that
    /// match (all of them: the cursor does not count), and the next page's cursor when more rows follow.
    /// </summary>
    public async Task<RecordQueryPage> QueryAsync(
        Guid workspaceId, Guid objectId, CompiledQuery query, int limit, int offset, CancellationToken cancellationToken = default)
    {
        object?[] parameters = [workspaceId, objectId, .. query.Parameters];
        var where = $"r.workspace_id = $1 AND r.object_id = $2 AND ({query.Where})";
        var limitParameter = parameters.Length + 1;
        var sortKeys = string.Concat(query.SortKeys.Select(key => ", " + key));
        // The page and the total run at once, each on its own pooled connection: a query's latency is the slower of
        // the two scans rather than their sum. (When the page comes back short the count was cheap as well.)
        // One row more than the page tells whether another follows; the sort keys of the page's last row make its cursor.
        var page = db.Command(
                $"SELECT {RowColumns}{sortKeys} FROM records r WHERE {where}{(query.After is null ? "" : " AND " + query.After)} " +
                $"ORDER BY {query.OrderBy} LIMIT ${limitParameter} OFFSET ${limitParameter + 1}",
                [.. parameters, limit + 1, offset])
            .ListAsync(r => (Row: ReadRow(r), Keys: ReadKeys(r, RowColumnCount, query.SortKeys.Count)), cancellationToken);
        var count = db.Command($"SELECT count(*) FROM records r WHERE {where}", parameters).FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        await Task.WhenAll(page, count);
        var rows = page.Result;
        string? nextCursor = null;
        if (rows.Count > limit)
        {
            rows.RemoveRange(limit, rows.Count - limit);
            nextCursor = query.CursorAfter(rows[^1].Keys, rows[^1].Row.Id);
        }

        return new RecordQueryPage(rows.ConvertAll(r => r.Row), count.Result, nextCursor);

        static string?[] ReadKeys(NpgsqlDataReader r, int first, int count) =>
            Enumerable.Range(first, count).Select(i => r.IsDBNull(i) ? null : r.GetString(i)).ToArray();
    }

    /// <summary>
    /// Records this one references (outgoing) and records that reference it (incoming), with the attribute that links them
    /// and how many records that link holds in all: per direction and attribute, newest first, then by id (records imported
    /// together share their <c>created_at</c>), so that every read lists them in the same order. At most
    /// <see cref="MaxRelatedPerGroup"/> of each group: a record that thousands of others reference through one attribute
    /// must not crowd out those of another (an overall cap took the groups in attribute order, so a later one could be left
    /// out whole). Only links held by <paramref name="attributeIds"/> (the caller's live attributes) count.
    /// </summary>
    public Task<List<RelatedRow>> RelatedAsync(
        Guid workspaceId, Guid recordId, IReadOnlyCollection<Guid> attributeIds, CancellationToken cancellationToken = default) =>
        db.Command(
                $"""
                SELECT direction, attribute_id, total, id, workspace_id, object_id, values, created_at, updated_at FROM (
                    SELECT 'outgoing' AS direction, x.attribute_id, count(*) OVER g AS total,
                           row_number() OVER (g ORDER BY r.created_at DESC, r.id DESC) AS n, {RowColumns}
                    FROM record_references x JOIN records r ON r.id = x.target_record_id
                    WHERE x.workspace_id = $1 AND x.source_record_id = $2 AND r.workspace_id = $1 AND x.attribute_id = ANY($4)
                    WINDOW g AS (PARTITION BY x.attribute_id)
                    UNION ALL
                    SELECT 'incoming', x.attribute_id, count(*) OVER g, row_number() OVER (g ORDER BY r.created_at DESC, r.id DESC), {RowColumns}
                    FROM record_references x JOIN records r ON r.id = x.source_record_id
                    WHERE x.workspace_id = $1 AND x.target_record_id = $2 AND r.workspace_id = $1 AND x.attribute_id = ANY($4)
                    WINDOW g AS (PARTITION BY x.attribute_id)
                ) AS t
                WHERE n <= $3
                ORDER BY direction DESC, attribute_id, created_at DESC, id DESC
                """, workspaceId, recordId, MaxRelatedPerGroup, attributeIds.ToArray())
            .ListAsync(r => new RelatedRow(r.GetString(0) == "outgoing", r.GetGuid(1), r.GetInt64(2), ReadRow(r, 3)), cancellationToken);

    /// <summary>
    /// A page of the record's activity, newest first. Entries of a list the viewer cannot see (a list made private after
    /// they were written: private lists write none) are left out, totals included, so its name and values stay private.
    /// The page comes with the attributes of the lists its list-entry entries name (for <see cref="ActivityFormatter"/>).
    /// </summary>
    public async Task<RecordActivityPage> ActivityAsync(ListViewer viewer, Guid recordId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        const string Filter =
            $"""
            a.workspace_id = $1 AND a.record_id = $4
              AND NOT EXISTS (SELECT 1 FROM lists l WHERE l.id = (a.changes ->> 'listId')::uuid AND a.kind IN ('{ListActivityKinds.EntryAdded}', '{ListActivityKinds.EntryUpdated}', '{ListActivityKinds.EntryRemoved}') AND NOT ({ListSql.Visible}))
            """;
        var entries = await db.Command(
                $"SELECT a.id, a.kind, a.actor_type, a.actor_id, a.changes::text, a.at FROM record_activity a WHERE {Filter} ORDER BY a.at DESC, a.id DESC LIMIT $5 OFFSET $6",
                [.. ListSql.ViewerParameters(viewer), recordId, limit, offset])
            .ListAsync(r => new ActivityEntry(r.GetGuid(0), r.GetString(1), new Actor(r.GetString(2), r.GetGuid(3)),
                JsonNode.Parse(r.GetString(4))!.AsObject(), r.GetFieldValue<DateTimeOffset>(5)), cancellationToken);
        var total = await db.Command($"SELECT count(*) FROM record_activity a WHERE {Filter}", [.. ListSql.ViewerParameters(viewer), recordId])
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        var listAttributes = new Dictionary<Guid, IReadOnlyList<AttributeDefinition>>();
        var listIds = entries.Where(e => ListActivityKinds.Contains(e.Kind))
            .Select(e => ActivityFormatter.ListId(e.Changes)).OfType<Guid>().Distinct().ToList();
        if (listIds.Count > 0)
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            foreach (var listId in listIds)
            {
                // A deleted list has none: its entries' values are shown as stored.
                if (await ListSql.AttributesAsync(connection, listId, cancellationToken) is { Count: > 0 } attributes)
                {
                    listAttributes[listId] = attributes;
                }
            }
        }

        return new RecordActivityPage(entries, total, listAttributes);
    }

    /// <summary>
    /// The oldest record of the object whose attribute holds this stored value (alone, or as one element of a multiselect),
    /// ignoring case as the equals filter does: every string in it compares lower-cased (docs/values.md). The value must
    /// equal the stored one (or element) as a whole: containment alone, which the index answers, would let
    /// <c>{"city": "Berlin"}</c> find a location that also has a street and a country, which equals does not.
    /// </summary>
    public static Task<Guid?> FindByValueAsync(NpgsqlConnection connection, Guid workspaceId, Guid objectId, string slug, JsonNode stored, bool multiselect) =>
        connection.Command(
                $"""
                SELECT id FROM records
                WHERE workspace_id = $1 AND object_id = $2
                  AND values_ci @> lower(jsonb_build_object($3::text, $4::jsonb)::text)::jsonb -- indexed (0065_record_indexes.sql)
                  AND {(multiselect
                      ? "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(values_ci -> $3::text) = 'array' THEN values_ci -> $3::text END) e(v) WHERE e.v = lower($5::jsonb::text)::jsonb)"
                      : "values_ci -> $3::text = lower($5::jsonb::text)::jsonb")}
                ORDER BY created_at, id LIMIT 1
                """,
                workspaceId, objectId, slug, (multiselect ? new JsonArray(stored.DeepClone()) : stored).ToJsonString(), stored.ToJsonString())
            .FirstOrDefaultAsync(r => (Guid?)r.GetGuid(0), CancellationToken.None);

    private static RecordRow ReadRow(NpgsqlDataReader r) => ReadRow(r, 0);

    /// <summary>A record from <see cref="RowColumns"/>, starting at column <paramref name="first"/>.</summary>
    public static RecordRow ReadRow(NpgsqlDataReader r, int first) => new(
        r.GetGuid(first), r.GetGuid(first + 1), r.GetGuid(first + 2), JsonNode.Parse(r.GetString(first + 3))!.AsObject(),
        r.GetFieldValue<DateTimeOffset>(first + 4), r.GetFieldValue<DateTimeOffset>(first + 5));
}

/// <summary>A page of a record query: its rows, the total that match, and the cursor of the next page (null on the last).</summary>
public sealed record RecordQueryPage(List<RecordRow> Rows, long Total, string? NextCursor);

/// <summary>A page of a record's activity, and the attributes of the lists its list-entry entries name.</summary>
public sealed record RecordActivityPage(List<ActivityEntry> Entries, long Total, IReadOnlyDictionary<Guid, IReadOnlyList<AttributeDefinition>> ListAttributes);

/// <summary>A search or browse result before formatting.</summary>
public sealed record SearchHit(Guid Id, string ObjectSlug, string? Title, JsonObject Values, Guid ObjectId);

/// <summary>A linked record and the attribute that links it; <see cref="Outgoing"/> when this record holds the reference.</summary>
/// <summary>A related record, with the link that relates it and how many records that link holds in all (its direction and
/// attribute: its group), of which at most <see cref="RecordRepository.MaxRelatedPerGroup"/> are read.</summary>
public sealed record RelatedRow(bool Outgoing, Guid AttributeId, long Total, RecordRow Record);

/// <summary>One activity-feed entry.</summary>
public sealed record ActivityEntry(Guid Id, string Kind, Actor Actor, JsonObject Changes, DateTimeOffset At);
