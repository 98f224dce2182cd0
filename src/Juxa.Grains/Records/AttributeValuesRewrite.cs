using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Rewrites the records that hold an attribute's values after a schema change to that attribute: deleting it deletes
/// its values, archiving or unarchiving it takes them out of or back into what is made of them. Either way the title and
/// the search text are rebuilt, which are computed in .NET (<see cref="RecordFormatter"/>), so SQL alone cannot drop or
/// add one attribute's part. Runs inside the schema change's transaction, in batches along
/// <c>records_object_created_idx</c> (one pass over the object's rows, a bounded number of them in memory at a time).
/// <c>updated_at</c> is kept: the records' values did not change, or only as the schema says.
/// </summary>
public static class AttributeValuesRewrite
{
    private const int BatchSize = 1000;

    private const string FirstBatchSql =
        """
        SELECT id, created_at, values FROM records
        WHERE workspace_id = $1 AND object_id = $2 AND values ? $3
        ORDER BY created_at DESC, id DESC LIMIT $4
        """;

    private const string NextBatchSql =
        """
        SELECT id, created_at, values FROM records
        WHERE workspace_id = $1 AND object_id = $2 AND values ? $3 AND (created_at, id) < ($5, $6)
        ORDER BY created_at DESC, id DESC LIMIT $4
        """;

    /// <summary>Removes <paramref name="slug"/>'s values; <paramref name="remaining"/> is the object without that attribute.</summary>
    public static Task RemoveAsync(NpgsqlConnection connection, Guid workspaceId, ObjectDefinition remaining, string slug) =>
        RunAsync(connection, workspaceId, remaining, slug, values => values.Remove(slug));

    /// <summary>
    /// Rebuilds the title and search text of the records holding <paramref name="attribute"/>'s values, whose archived flag
    /// has just changed; <paramref name="changed"/> is the object with the attribute as it now is. Attributes that give
    /// neither (<see cref="RecordFormatter.ShapesText"/>) have nothing to rebuild.
    /// </summary>
    public static Task RetextAsync(NpgsqlConnection connection, Guid workspaceId, ObjectDefinition changed, AttributeDefinition attribute) =>
        RecordFormatter.ShapesText(attribute) ? RunAsync(connection, workspaceId, changed, attribute.Slug, _ => { }) : Task.CompletedTask;

    private static async Task RunAsync(NpgsqlConnection connection, Guid workspaceId, ObjectDefinition obj, string slug, Action<JsonObject> change)
    {
        (DateTimeOffset CreatedAt, Guid Id)? after = null;
        while (true)
        {
            var batch = await (after is { } last
                    ? connection.Command(NextBatchSql, workspaceId, obj.Id, slug, BatchSize, last.CreatedAt, last.Id)
                    : connection.Command(FirstBatchSql, workspaceId, obj.Id, slug, BatchSize))
                .ListAsync(r => (Id: r.GetGuid(0), CreatedAt: r.GetFieldValue<DateTimeOffset>(1), Values: JsonNode.Parse(r.GetString(2))!.AsObject()),
                    CancellationToken.None);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var row in batch)
            {
                change(row.Values);
            }

            await RecordValuesRewrite.RunAsync(connection, [.. batch.Select(r => (r.Id, obj, r.Values))], updatedAt: null);
            after = (batch[^1].CreatedAt, batch[^1].Id);
        }
    }
}
