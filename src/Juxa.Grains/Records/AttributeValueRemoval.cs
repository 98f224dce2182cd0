using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Deletes a deleted attribute's values from its object's records, and rebuilds what was made of them: the title and
/// the search text, which are computed in .NET (<see cref="RecordFormatter"/>), so SQL alone cannot drop one
/// attribute's part. Runs inside the schema change's transaction, in batches along <c>records_object_created_idx</c>
/// (one pass over the object's rows, a bounded number of them in memory at a time).
/// </summary>
public static class AttributeValueRemoval
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
    public static async Task RunAsync(NpgsqlConnection connection, Guid workspaceId, ObjectDefinition remaining, string slug)
    {
        (DateTimeOffset CreatedAt, Guid Id)? after = null;
        while (true)
        {
            var batch = await (after is { } last
                    ? connection.Command(NextBatchSql, workspaceId, remaining.Id, slug, BatchSize, last.CreatedAt, last.Id)
                    : connection.Command(FirstBatchSql, workspaceId, remaining.Id, slug, BatchSize))
                .ListAsync(r => (Id: r.GetGuid(0), CreatedAt: r.GetFieldValue<DateTimeOffset>(1), Values: JsonNode.Parse(r.GetString(2))!.AsObject()),
                    CancellationToken.None);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var row in batch)
            {
                row.Values.Remove(slug);
            }

            await RecordValuesRewrite.RunAsync(connection, [.. batch.Select(r => (r.Id, remaining, r.Values))], updatedAt: null);
            after = (batch[^1].CreatedAt, batch[^1].Id);
        }
    }
}
