using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Writes new values to many records in one statement, with the title and search text made from them (computed in .NET
/// by <see cref="RecordFormatter"/>): for changes that reach past the record grains, inside the caller's transaction.
/// </summary>
public static class RecordValuesRewrite
{
    /// <summary>Stores each row's values; <paramref name="updatedAt"/> null keeps every row's <c>updated_at</c>.</summary>
    public static Task RunAsync(
        NpgsqlConnection connection, IReadOnlyCollection<(Guid Id, ObjectDefinition Object, JsonObject Values)> rows, DateTimeOffset? updatedAt) =>
        rows.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                """
                UPDATE records r SET values = u.values::jsonb, title = u.title, search_text = u.search_text, updated_at = coalesce($5, r.updated_at)
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, values, title, search_text)
                WHERE r.id = u.id
                """,
                CancellationToken.None,
                rows.Select(r => r.Id).ToArray(),
                rows.Select(r => r.Values.ToJsonString()).ToArray(),
                rows.Select(r => RecordFormatter.Title(r.Object, r.Values)).ToArray(),
                rows.Select(r => RecordFormatter.SearchText(r.Object, r.Values)).ToArray(),
                updatedAt);
}
