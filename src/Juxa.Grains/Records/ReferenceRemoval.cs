using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Takes a deleted record out of the values that reference it, inside the delete's transaction, so that no stored
/// value ever names a record that does not exist (a client that wrote such a value back would be refused).
/// </summary>
public static class ReferenceRemoval
{
    /// <summary>
    /// Removes the references to <paramref name="deletedId"/> from the attributes <paramref name="slugs"/> of
    /// <paramref name="values"/>, in place: a single reference is cleared, a multiselect keeps its other elements
    /// (and is cleared when none is left: an empty array is never stored). Returns the activity entry's
    /// <c>{slug: {old, new}}</c> in stored forms, as a PATCH logs it; empty when no value referenced the record.
    /// </summary>
    public static JsonObject Strip(JsonObject values, IEnumerable<string> slugs, Guid deletedId)
    {
        var changes = new JsonObject();
        foreach (var slug in slugs)
        {
            var old = values[slug];
            JsonNode? kept;
            if (old is JsonArray many && many.Any(PointsAt))
            {
                var others = many.Where(e => !PointsAt(e)).Select(e => e!.DeepClone()).ToArray();
                kept = others.Length == 0 ? null : new JsonArray(others);
            }
            else if (old is JsonObject && PointsAt(old))
            {
                kept = null;
            }
            else
            {
                continue;
            }

            changes[slug] = new JsonObject { ["old"] = old.DeepClone(), ["new"] = kept?.DeepClone() };
            if (kept is null)
            {
                values.Remove(slug);
            }
            else
            {
                values[slug] = kept;
            }
        }

        return changes;

        bool PointsAt(JsonNode? element) =>
            element is JsonObject reference && reference["target_record_id"] is JsonValue id && id.TryGetValue<string>(out var text)
            && Guid.TryParse(text, out var recordId) && recordId == deletedId;
    }

    /// <summary>
    /// Strips the deleted record from every record that references it (found through <c>record_references</c>, whose
    /// rows to it go too), rebuilds their title and search text, and logs an <c>updated</c> activity entry for each, by
    /// <paramref name="actor"/>. Call it after the DELETE of the row, under the schema lock (FOR SHARE), in one
    /// transaction. Returns the records it changed, with their object and the changes.
    /// </summary>
    /// <param name="connection">The delete's connection, inside its transaction.</param>
    /// <param name="schema">The schema as locked by the transaction: it says which attributes can hold the reference.</param>
    /// <param name="deleted">The deleted record's object; only attributes whose <c>targetObject</c> it is are stripped.</param>
    /// <param name="deletedId">The deleted record.</param>
    /// <param name="actor">Who deleted it: the author of the activity entries.</param>
    /// <param name="time">Gives the strip's time once the records are locked: their <c>updated_at</c> and the entries' time.</param>
    public static async Task<List<(RecordRow Row, ObjectDefinition Object, JsonObject Changes)>> FromRecordsAsync(
        NpgsqlConnection connection, WorkspaceSchema schema, ObjectDefinition deleted, Guid deletedId, Actor actor, TimeProvider time)
    {
        // Locked (as an UPDATE locks them) and read as committed, whatever copy their grains hold: a grain's write waits
        // for this transaction and then merges into the stripped row (RecordWriter.UpdateAsync). In id order, so that two
        // deletes that strip the same records cannot deadlock on them. The row itself was deleted first, so its own
        // references (a record that references itself) are gone already.
        var rows = await connection.Command(
                $"""
                SELECT {RecordRepository.RowColumns} FROM records r
                WHERE r.id = ANY(ARRAY(SELECT source_record_id FROM record_references WHERE target_record_id = $1 AND workspace_id = $2))
                ORDER BY r.id FOR NO KEY UPDATE
                """, deletedId, schema.WorkspaceId)
            .ListAsync(r => RecordRepository.ReadRow(r, 0), CancellationToken.None);
        // Taken now, not when the delete began: a write that held one of these records meanwhile has committed with a
        // later time than that, and the strip, which comes after it, must not look older (updated_at, the feed's order).
        var at = time.GetUtcNow();
        var stripped = new List<(RecordRow Row, ObjectDefinition Object, JsonObject Changes)>();
        foreach (var row in rows)
        {
            // The schema lock keeps every object of a record in the workspace.
            var obj = schema.Object(row.ObjectId)!;
            var slugs = obj.Attributes.Where(a => a.Type == AttributeType.RecordReference && a.Config.TargetObject == deleted.Slug).Select(a => a.Slug);
            var changes = Strip(row.Values, slugs, deletedId);
            if (changes.Count > 0)
            {
                stripped.Add((row with { UpdatedAt = at }, obj, changes));
            }
        }

        await connection.ExecuteAsync("DELETE FROM record_references WHERE target_record_id = $1 AND workspace_id = $2",
            CancellationToken.None, deletedId, schema.WorkspaceId);
        if (stripped.Count == 0)
        {
            return stripped;
        }

        await RecordValuesRewrite.RunAsync(connection, [.. stripped.Select(s => (s.Row.Id, s.Object, s.Row.Values))], at);
        await ActivityLog.AppendManyAsync(connection, schema.WorkspaceId, RecordActivityKinds.Updated, actor, at,
            [.. stripped.Select(s => (s.Row.Id, s.Row.ObjectId, s.Changes))]);
        return stripped;
    }
}
