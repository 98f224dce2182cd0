using Juxa.Database;
using Juxa.Errors;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Keeps a rating attribute's <c>config.maxRating</c> at or above every rating stored under it. A lower maximum would
/// leave values the attribute refuses on write, so a value read could no longer be written back (docs/values.md: every
/// output form is a write form); the change is a 409 naming the highest stored rating, as making an attribute unique
/// over duplicates is. Each check runs in the transaction of the schema change, which the writes it guards against
/// serialize with, so no higher rating commits meanwhile.
/// </summary>
public static class StoredRatings
{
    /// <summary>
    /// Refuses lowering <paramref name="attribute"/>'s maximum to <paramref name="maxRating"/> below a rating a record of its
    /// object holds (inside <see cref="SchemaRepository.ChangeAsync"/>: record writes hold the schema version FOR SHARE).
    /// </summary>
    public static async Task RefuseBelowRecordsAsync(NpgsqlConnection connection, Guid workspaceId, AttributeDefinition attribute, int? maxRating)
    {
        if (Lowers(attribute, maxRating) is not { } max)
        {
            return;
        }

        var highest = await connection.Command(
                $"SELECT max(e.v::numeric) FROM records r, {Ratings("$3")} WHERE r.workspace_id = $1 AND r.object_id = $2 AND r.values ? $3",
                workspaceId, attribute.ObjectId, attribute.Slug)
            .FirstOrDefaultAsync(r => r.IsDBNull(0) ? (decimal?)null : r.GetDecimal(0), CancellationToken.None);
        Refuse(attribute, max, highest, "records");
    }

    /// <summary>
    /// Refuses lowering a list attribute's maximum below a rating an entry of <paramref name="listId"/> holds (with the
    /// list row locked FOR UPDATE, which entry writes wait for).
    /// </summary>
    public static async Task RefuseBelowEntriesAsync(NpgsqlConnection connection, Guid listId, AttributeDefinition attribute, int? maxRating)
    {
        if (Lowers(attribute, maxRating) is not { } max)
        {
            return;
        }

        var highest = await connection.Command(
                $"SELECT max(e.v::numeric) FROM list_entries r, {Ratings("$2")} WHERE r.list_id = $1 AND r.values ? $2",
                listId, attribute.Slug)
            .FirstOrDefaultAsync(r => r.IsDBNull(0) ? (decimal?)null : r.GetDecimal(0), CancellationToken.None);
        Refuse(attribute, max, highest, "entries");
    }

    /// <summary>The new maximum when it is lower than the current one, else null (nothing to check).</summary>
    private static int? Lowers(AttributeDefinition attribute, int? maxRating) =>
        attribute.Type == AttributeType.Rating && maxRating is { } max && max < (attribute.Config.MaxRating ?? 5) ? max : null;

    /// <summary>The ratings in row <c>r</c>'s value under the slug <paramref name="slug"/> (a placeholder), one or a multiselect's array.</summary>
    private static string Ratings(string slug) =>
        $"jsonb_array_elements_text(CASE jsonb_typeof(r.values -> {slug}::text) WHEN 'array' THEN r.values -> {slug}::text ELSE jsonb_build_array(r.values -> {slug}::text) END) e(v)";

    private static void Refuse(AttributeDefinition attribute, int maxRating, decimal? highest, string holders)
    {
        if (highest > maxRating)
        {
            throw JuxaException.Conflict(
                $"'{attribute.Slug}' holds ratings up to {highest:0}, so config.maxRating cannot be {maxRating}; lower those {holders}' ratings first.");
        }
    }
}
