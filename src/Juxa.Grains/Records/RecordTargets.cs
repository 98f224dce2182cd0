using Juxa.Database;
using Juxa.Records.Values;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// Checks what values point at: referenced records must exist in the workspace and belong to the
/// attribute's target object; actors must be members or API keys of the workspace. One query per
/// kind for any number of rows, so an import checks 1000 rows as cheaply as one.
/// <para>
/// Referenced records are locked FOR KEY SHARE until the caller's transaction ends, so none can be deleted before the
/// reference commits: the delete waits, then finds the new reference and strips it (<see cref="ReferenceRemoval"/>).
/// Or the delete went first, and the check finds no record. Writers check before they lock their own row, so the
/// delete, which holds the deleted row and then locks the referencing ones, never waits for a writer that waits for it.
/// </para>
/// </summary>
public static class RecordTargets
{
    /// <summary>Reads and locks the referenced records of a workspace ($1) among the given ids ($2), in id order.</summary>
    public const string LockSql = "SELECT id, object_id FROM records WHERE workspace_id = $1 AND id = ANY($2) ORDER BY id FOR KEY SHARE";

    /// <summary>Problems per row index, keyed by attribute slug; rows without problems are absent.</summary>
    public static async Task<Dictionary<int, Dictionary<string, string[]>>> CheckAsync(
        NpgsqlConnection connection, Guid workspaceId, WorkspaceSchema schema, IReadOnlyList<IReadOnlyDictionary<AttributeDefinition, NormalizedValue>> rows)
    {
        var errors = new Dictionary<int, Dictionary<string, string[]>>();
        void Fail(int row, string slug, string message) => (errors.TryGetValue(row, out var e) ? e : errors[row] = [])[slug] = [message];

        var references = rows.SelectMany((values, row) => values.SelectMany(v => v.Value.References.Select(r => (Row: row, Attribute: v.Key, Ref: r)))).ToList();
        if (references.Count > 0)
        {
            var found = (await connection.Command(LockSql,
                    workspaceId, references.Select(r => r.Ref.RecordId).Distinct().ToArray())
                .ListAsync(r => (Id: r.GetGuid(0), ObjectId: r.GetGuid(1)), CancellationToken.None))
                .ToDictionary(r => r.Id, r => r.ObjectId);
            foreach (var (row, attribute, reference) in references)
            {
                var target = schema.Object(reference.TargetObject);
                if (target is null || !found.TryGetValue(reference.RecordId, out var objectId) || objectId != target.Id)
                {
                    Fail(row, attribute.Slug, $"No {reference.TargetObject} record {reference.RecordId} exists in this workspace.");
                }
            }
        }

        var actors = rows.SelectMany((values, row) => values.SelectMany(v => v.Value.Actors.Select(a => (Row: row, Attribute: v.Key, Actor: a)))).ToList();
        if (actors.Count > 0)
        {
            var known = (await connection.Command(
                    """
                    SELECT 'member', id FROM workspace_members WHERE workspace_id = $1 AND id = ANY($2)
                    UNION ALL SELECT 'api_key', id FROM api_keys WHERE workspace_id = $1 AND id = ANY($2)
                    """, workspaceId, actors.Select(a => a.Actor.ActorId).Distinct().ToArray())
                .ListAsync(r => (Type: r.GetString(0), Id: r.GetGuid(1)), CancellationToken.None))
                .ToHashSet();
            foreach (var (row, attribute, actor) in actors.Where(a => !known.Contains((a.Actor.ActorType, a.Actor.ActorId))))
            {
                Fail(row, attribute.Slug, $"No {actor.ActorType} {actor.ActorId} exists in this workspace.");
            }
        }

        return errors;
    }
}
