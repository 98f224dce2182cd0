using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Records.Values;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Bulk import: validates every row, writes the valid ones and reports the rest. All valid rows
/// are written in one transaction with a handful of set-based statements (records, unique keys,
/// references, activity), not one round trip per row. Imported records are new, so no grain holds
/// them yet: writing the rows directly keeps the single-writer rule.
/// </summary>
public sealed class RecordImporter(NpgsqlDataSource db, SchemaCache schemas, TimeProvider time)
{
    public const int MaxRows = 1000;

    /// <summary>How many times an import whose unique values other writers take meanwhile is checked and written again.</summary>
    private const int MaxAttempts = 5;

    public async Task<ImportResult> ImportAsync(Guid workspaceId, string objectSlug, JsonElement rows, Actor actor)
    {
        if (rows.ValueKind != JsonValueKind.Array)
        {
            throw JuxaException.Validation("rows", "rows must be an array of {attribute slug: value} objects.");
        }

        if (rows.GetArrayLength() > MaxRows)
        {
            throw new JuxaException(413, ErrorCodes.PayloadTooLarge, $"An import takes at most {MaxRows} rows; split it into several requests.");
        }

        // A unique key taken between our check and our insert aborts the transaction: check again, which finds it taken
        // and reports its row. Each retry follows another writer's commit of a shared value, so it makes progress; three
        // imports sharing values that the first does not hold meet again on the retry.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryImportAsync(workspaceId, objectSlug, rows, actor);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                if (attempt == MaxAttempts)
                {
                    throw JuxaException.Conflict($"Other writes took unique values of this import {MaxAttempts} times while it was written; nothing was imported. Send it again.");
                }
            }
        }
    }

    private async Task<ImportResult> TryImportAsync(Guid workspaceId, string objectSlug, JsonElement rows, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var version = await SchemaRepository.VersionAsync(connection, workspaceId, forShare: true, CancellationToken.None) ?? throw JuxaException.NotFound("Workspace");
        var schema = await schemas.GetAsync(workspaceId);
        if (schema.Version != version)
        {
            schema = (await SchemaRepository.LoadAsync(connection, workspaceId, CancellationToken.None))!;
            schemas.Put(schema);
        }

        var obj = schema.Object(objectSlug) ?? throw JuxaException.NotFound($"Object '{objectSlug}'");
        // The whole import is refused, not each row: the rows are not what is wrong.
        ArchivedObjects.RefuseNew(obj, "records");
        var failed = new SortedDictionary<int, IReadOnlyDictionary<string, string[]>>();
        var valid = new List<(int Row, IReadOnlyDictionary<AttributeDefinition, NormalizedValue> Values)>();
        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            try
            {
                valid.Add((index, RecordValidator.Validate(obj, row, creating: true, field: $"rows[{index}]")));
            }
            catch (JuxaException e)
            {
                failed[index] = e.Details ?? new Dictionary<string, string[]> { ["row"] = [e.Message] };
            }

            index++;
        }

        foreach (var (row, errors) in await RecordTargets.CheckAsync(connection, workspaceId, schema, valid.Select(v => v.Values).ToList()))
        {
            failed[valid[row].Row] = errors;
        }

        valid.RemoveAll(v => failed.ContainsKey(v.Row));
        await RejectDuplicatesAsync(connection, obj, valid, failed);

        var now = time.GetUtcNow();
        // Every row gets the same created_at, so the id decides their order (the tiebreak of every sort, and the
        // default newest-first list): ids increase with the row number, as records created one by one would get them.
        // Guid.CreateVersion7 fills the bits after the millisecond at random, so ids made in one millisecond are sorted first.
        var ids = new Queue<Guid>(valid.Select(_ => Guid.CreateVersion7(now)).Order());
        var records = valid.Select(v =>
        {
            var stored = new JsonObject();
            foreach (var (attribute, value) in v.Values.Where(p => p.Value.Stored is not null))
            {
                stored[attribute.Slug] = value.Stored!.DeepClone();
            }

            return (Id: ids.Dequeue(), v.Values, Stored: stored);
        }).ToList();

        await InsertAsync(connection, workspaceId, obj, records, actor, now);
        await transaction.CommitAsync();
        return new ImportResult(records.Count, records.Select(r => r.Id).ToArray(),
            failed.Select(f => new ImportFailure(f.Key, f.Value)).ToArray());
    }

    /// <summary>
    /// Rows whose unique values another record, or an earlier row of this import that is written, already holds fail,
    /// naming the value. Rows are decided in order and over all unique attributes at once, so a row that fails (on
    /// any attribute) claims none of its values: a later row with one of them is not refused for a record that is never written.
    /// </summary>
    private static async Task RejectDuplicatesAsync(NpgsqlConnection connection, ObjectDefinition obj,
        List<(int Row, IReadOnlyDictionary<AttributeDefinition, NormalizedValue> Values)> valid, SortedDictionary<int, IReadOnlyDictionary<string, string[]>> failed)
    {
        var unique = obj.Attributes.Where(a => a.IsUnique).ToList();
        var taken = new Dictionary<Guid, HashSet<string>>();
        foreach (var attribute in unique)
        {
            var stored = valid.SelectMany(v => v.Values.TryGetValue(attribute, out var value) ? value.UniqueKeys.Select(UniqueValues.Stored) : []).Distinct().ToArray();
            taken[attribute.Id] = stored.Length == 0 ? [] : (await connection.Command(
                    "SELECT value_key FROM record_unique_values WHERE attribute_id = $1 AND value_key = ANY($2)", attribute.Id, stored)
                .ListAsync(r => r.GetString(0), CancellationToken.None)).ToHashSet();
        }

        var claimed = unique.ToDictionary(a => a.Id, _ => new Dictionary<string, int>());
        foreach (var (row, values) in valid)
        {
            var errors = new Dictionary<string, string[]>();
            var keys = new List<(Guid Attribute, string Stored)>();
            foreach (var attribute in unique)
            {
                if (!values.TryGetValue(attribute, out var value))
                {
                    continue;
                }

                foreach (var (key, stored) in value.UniqueKeys.Select(k => (Key: k, Stored: UniqueValues.Stored(k))).DistinctBy(k => k.Stored))
                {
                    if (taken[attribute.Id].Contains(stored))
                    {
                        errors.TryAdd(attribute.Slug, [$"'{key}' is already used by another record; {attribute.Slug} is unique."]);
                    }
                    else if (claimed[attribute.Id].TryGetValue(stored, out var earlier))
                    {
                        errors.TryAdd(attribute.Slug, [$"'{key}' is already in row {earlier} of this import; {attribute.Slug} is unique."]);
                    }
                    else
                    {
                        keys.Add((attribute.Id, stored));
                    }
                }
            }

            if (errors.Count > 0)
            {
                failed[row] = errors;
                continue;
            }

            foreach (var (attribute, stored) in keys)
            {
                claimed[attribute][stored] = row;
            }
        }

        valid.RemoveAll(v => failed.ContainsKey(v.Row));
    }

    private static async Task InsertAsync(NpgsqlConnection connection, Guid workspaceId, ObjectDefinition obj,
        List<(Guid Id, IReadOnlyDictionary<AttributeDefinition, NormalizedValue> Values, JsonObject Stored)> records, Actor actor, DateTimeOffset now)
    {
        if (records.Count == 0)
        {
            return;
        }

        var ids = records.Select(r => r.Id).ToArray();
        await connection.ExecuteAsync(
            """
            INSERT INTO records (id, workspace_id, object_id, values, title, search_text, created_at, updated_at, created_by_type, created_by_id)
            SELECT id, $1, $2, v::jsonb, t, s, $3, $3, $4, $5 FROM unnest($6::uuid[], $7::text[], $8::text[], $9::text[]) AS u(id, v, t, s)
            """,
            CancellationToken.None, workspaceId, obj.Id, now, actor.Type, actor.Id, ids,
            records.Select(r => r.Stored.ToJsonString()).ToArray(),
            records.Select(r => RecordFormatter.Title(obj, r.Stored)).ToArray(),
            records.Select(r => RecordFormatter.SearchText(obj, r.Stored)).ToArray());

        // In one order for every import, by attribute and value: two imports racing on the same values then wait for
        // each other at the first shared one, and the later one finds it taken (and reports its rows), instead of each
        // holding a value the other waits for, a deadlock PostgreSQL resolves by failing one (a 503).
        var unique = records
            .SelectMany(r => r.Values.Where(v => v.Key.IsUnique).SelectMany(v => v.Value.UniqueKeys.Select(UniqueValues.Stored).Distinct().Select(k => (r.Id, v.Key.Id, k))))
            .OrderBy(u => u.Item2).ThenBy(u => u.k, StringComparer.Ordinal)
            .ToList();
        await connection.ExecuteAsync(
            "INSERT INTO record_unique_values (attribute_id, value_key, record_id) SELECT a, k, r FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS u(a, k, r)",
            CancellationToken.None, unique.Select(u => u.Item2).ToArray(), unique.Select(u => u.k).ToArray(), unique.Select(u => u.Item1).ToArray());

        var references = records.SelectMany(r => r.Values.SelectMany(v => v.Value.References.Select(x => (r.Id, v.Key.Id, x.RecordId)))).Distinct().ToList();
        await connection.ExecuteAsync(
            """
            INSERT INTO record_references (workspace_id, source_record_id, attribute_id, target_record_id)
            SELECT $1, s, a, t FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS u(s, a, t)
            """,
            CancellationToken.None, workspaceId, references.Select(x => x.Item1).ToArray(), references.Select(x => x.Item2).ToArray(),
            references.Select(x => x.RecordId).ToArray());

        await connection.ExecuteAsync(
            $"""
            INSERT INTO record_activity (id, workspace_id, record_id, object_id, kind, actor_type, actor_id, changes, at)
            SELECT a, $1, r, $2, '{RecordActivityKinds.Created}', $3, $4, jsonb_build_object('values', v::jsonb, 'source', 'import'), $5
            FROM unnest($6::uuid[], $7::uuid[], $8::text[]) AS u(a, r, v)
            """,
            CancellationToken.None, workspaceId, obj.Id, actor.Type, actor.Id, now,
            records.Select(_ => Guid.CreateVersion7()).ToArray(), ids, records.Select(r => r.Stored.ToJsonString()).ToArray());
    }
}

/// <summary>The outcome of an import: ids of the created records, and each rejected row with its problems.</summary>
public sealed record ImportResult(int Created, IReadOnlyList<Guid> CreatedIds, IReadOnlyList<ImportFailure> Failed);

/// <summary>A rejected row (0-based index into <c>rows</c>) and its problems keyed by attribute slug.</summary>
public sealed record ImportFailure(int Row, IReadOnlyDictionary<string, string[]> Errors);
