using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Records.Values;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Keeps <c>record_unique_values</c> in step with unique attributes. Its primary key
/// (attribute, value key) is what enforces uniqueness: two writers racing on one value cannot
/// both commit, whatever the isolation level.
/// </summary>
public static class UniqueValues
{
    /// <summary>Keys longer than this are stored as their SHA-256: a btree entry holds at most about 2.7 kB.</summary>
    private const int MaxStoredKeyLength = 512;

    /// <summary>The form a unique key takes in <c>record_unique_values</c>.</summary>
    public static string Stored(string key) =>
        key.Length <= MaxStoredKeyLength ? key : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>Replaces a record's keys for one attribute; a key another record holds is a 409 naming the value.</summary>
    public static async Task ReplaceAsync(NpgsqlConnection connection, Guid recordId, AttributeDefinition attribute, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("DELETE FROM record_unique_values WHERE record_id = $1 AND attribute_id = $2", cancellationToken, recordId, attribute.Id);
        if (keys.Count == 0)
        {
            return;
        }

        var stored = keys.Select(Stored).Distinct().ToArray();

        await using var savepoint = connection.Command("SAVEPOINT unique_values");
        await savepoint.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO record_unique_values (attribute_id, value_key, record_id) SELECT $1, k, $2 FROM unnest($3::text[]) AS k",
                cancellationToken, attribute.Id, recordId, stored);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT unique_values", cancellationToken);
            throw await ConflictAsync(connection, recordId, [(attribute, keys)], cancellationToken);
        }
    }

    /// <summary>
    /// After a unique violation (and its rollback): the 409 naming a value of <paramref name="candidates"/> that
    /// another record holds.
    /// </summary>
    public static async Task<JuxaException> ConflictAsync(
        NpgsqlConnection connection, Guid recordId, IReadOnlyList<(AttributeDefinition Attribute, IReadOnlyList<string> Keys)> candidates, CancellationToken cancellationToken)
    {
        var keys = candidates.SelectMany(c => c.Keys.Select(k => (c.Attribute, Key: k, Stored: Stored(k)))).ToList();
        var taken = await connection.Command(
                """
                SELECT attribute_id, value_key FROM record_unique_values
                WHERE (attribute_id, value_key) IN (SELECT * FROM unnest($1::uuid[], $2::text[])) AND record_id <> $3 LIMIT 1
                """,
                keys.Select(k => k.Attribute.Id).ToArray(), keys.Select(k => k.Stored).ToArray(), recordId)
            .FirstOrDefaultAsync(r => (AttributeId: r.GetGuid(0), Stored: r.GetString(1)), cancellationToken);
        // The holder may be gone by now (deleted since): the write still lost the race, so it is still a conflict.
        var (attribute, key, _) = keys.FirstOrDefault(k => k.Attribute.Id == taken.AttributeId && k.Stored == taken.Stored);
        if (attribute is null)
        {
            return JuxaException.Conflict("Another record already has one of these unique values.");
        }

        return new JuxaException(409, ErrorCodes.Conflict, $"Another record already has {attribute.Slug} = '{key}'.",
            new Dictionary<string, string[]> { [attribute.Slug] = [$"'{key}' is already used by another record; {attribute.Slug} is unique."] });
    }

    /// <summary>Indexes the values existing records hold when an attribute becomes unique; duplicates make it fail (409).</summary>
    public static async Task IndexExistingAsync(NpgsqlConnection connection, Guid workspaceId, AttributeDefinition attribute, CancellationToken cancellationToken = default)
    {
        var rows = await connection.Command("SELECT id, values -> $3 FROM records WHERE workspace_id = $1 AND object_id = $2 AND values ? $3",
                workspaceId, attribute.ObjectId, attribute.Slug)
            .ListAsync(r => (Id: r.GetGuid(0), Value: JsonNode.Parse(r.GetString(1))), cancellationToken);
        var keys = rows.SelectMany(row => ValueCodec.Describe(attribute, row.Value).UniqueKeys.Select(Stored).Distinct().Select(k => (row.Id, Key: k))).ToList();
        var duplicate = keys.GroupBy(k => k.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw JuxaException.Conflict($"Records already share {attribute.Slug} = '{duplicate.Key}', so it cannot be made unique.");
        }

        await connection.ExecuteAsync(
            "INSERT INTO record_unique_values (attribute_id, value_key, record_id) SELECT $1, k, r FROM unnest($2::text[], $3::uuid[]) AS u(k, r)",
            cancellationToken, attribute.Id, keys.Select(k => k.Key).ToArray(), keys.Select(k => k.Id).ToArray());
    }
}
