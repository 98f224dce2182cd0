using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Records.Values;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Assert mode (find-or-create). A transaction-scoped advisory lock on (object, attribute, value)
/// serializes concurrent asserts of the same value: the second finds what the first created, so
/// any number of racing asserts yield exactly one record. The write itself still goes through the
/// record's grain. Before that, asserts of one value queue in this process (<see cref="KeyedLock"/>), so only one per
/// process holds a connection while it waits for the database lock.
/// </summary>
public sealed class RecordAsserter(NpgsqlDataSource db, SchemaCache schemas, IGrainFactory grains)
{
    private readonly KeyedLock _queue = new();

    public async Task<(RecordView Record, bool Created)> AssertAsync(
        Guid workspaceId, string objectSlug, string? matchAttribute, JsonElement? matchValue, JsonElement? values, Actor actor)
    {
        var obj = (await schemas.GetAsync(workspaceId)).Object(objectSlug) ?? throw JuxaException.NotFound($"Object '{objectSlug}'");
        var attribute = matchAttribute is null ? null : obj.Attribute(matchAttribute);
        if (attribute is null || attribute.IsArchived)
        {
            throw JuxaException.Validation("matchAttribute", $"matchAttribute must name an attribute of '{objectSlug}'.");
        }

        if (matchValue is not { } match)
        {
            throw JuxaException.Validation("matchValue", "matchValue is required in assert mode.");
        }

        var stored = Normalize(attribute, match);
        var written = values is { ValueKind: JsonValueKind.Object } v ? JsonNode.Parse(v.GetRawText())!.AsObject()
            : values is null or { ValueKind: JsonValueKind.Null } ? new JsonObject()
            : throw JuxaException.Validation("values", "values must be an object of attribute slugs to values.");
        // Each assert waiting on the database lock below holds a connection, and the one holding it needs a second for its
        // write: a burst of asserts of one value took every connection (and failed every other request meanwhile). Here they
        // wait holding nothing, one per process goes on to the database lock, which orders the processes. Released after the
        // connection (declared later, disposed first). A key that differs where the database's does not (.NET escapes "É" in
        // the JSON text, so it lower-cases apart from "é") only lets a second waiter through to the database.
        using var queued = await _queue.AcquireAsync($"{workspaceId}:{obj.Id}:{attribute.Id}:{stored.ToJsonString().ToLowerInvariant()}");
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Matching ignores case (as the equals filter does), so the lock key does too: "Acme" and "acme" wait for each other.
        // PostgreSQL lower-cases it from jsonb's text, as values_ci (what the match compares) is made: the JSON .NET writes
        // escapes non-ASCII letters ("\u00C9"), which lower-casing that text would leave apart from "\u00E9".
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended($1 || lower($2::jsonb::text), 0))", CancellationToken.None,
            $"assert:{workspaceId}:{obj.Id}:{attribute.Id}:", stored.ToJsonString());
        var existing = await RecordRepository.FindByValueAsync(connection, workspaceId, obj.Id, attribute.Slug, stored, attribute.IsMultiselect);
        // Only a new record gets the match value: on a match, writing it would replace a multiselect's whole list
        // with the one matched element. Only the given values change there.
        var writesMatchValue = existing is null && written.TryAdd(attribute.Slug, JsonNode.Parse(match.GetRawText()));
        var payload = JsonSerializer.SerializeToElement(written);
        (RecordView, bool) result;
        try
        {
            result = existing is { } id
                ? (await grains.GetGrain<IRecordGrain>(id).UpdateAsync(workspaceId, objectSlug, payload, actor), false)
                : (await grains.GetGrain<IRecordGrain>(Guid.CreateVersion7()).CreateAsync(workspaceId, objectSlug, payload, actor), true);
        }
        catch (JuxaException e) when (writesMatchValue && e.Details?.ContainsKey(attribute.Slug) == true)
        {
            // The create filed it under the attribute, but the client wrote that value as matchValue (a record or member
            // that does not exist, say): name the field the client sent.
            throw AtMatchValue(e, attribute.Slug);
        }

        await transaction.CommitAsync();
        return result;
    }

    private static JuxaException AtMatchValue(JuxaException e, string slug)
    {
        var details = e.Details!.ToDictionary(d => d.Key == slug ? "matchValue" : d.Key, d => d.Value);
        return new JuxaException(e.Status, e.Code, e.Message, details);
    }

    /// <summary>The one stored value to match on (for a multiselect attribute, a single element).</summary>
    private static JsonNode Normalize(AttributeDefinition attribute, JsonElement match)
    {
        try
        {
            var stored = ValueCodec.Normalize(attribute, match).Stored;
            return stored switch
            {
                null => throw JuxaException.Validation("matchValue", "matchValue cannot be empty."),
                JsonArray { Count: 1 } single => single[0]!.DeepClone(),
                JsonArray => throw JuxaException.Validation("matchValue", "matchValue must be a single value."),
                _ => stored,
            };
        }
        catch (AttributeValueException e)
        {
            throw JuxaException.Validation("matchValue", e.Message);
        }
    }
}
