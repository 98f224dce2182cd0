using Juxa.Database;
using Juxa.Errors;
using Npgsql;

namespace Juxa.Schema;

/// <summary>
/// What an archived object refuses. Archiving retires an object without losing its data: it takes nothing new
/// (records, by create, assert or import; attributes; lists; list entries; record-reference attributes that target it),
/// while its records stay readable, queryable, searchable, and can still be updated and deleted
/// (docs/schema.md#archived-objects). The refusal is a 409 CONFLICT, as for the other writes the object's state rather
/// than the request refuses (deleting a standard object, an option in use), and it says how to unarchive.
/// </summary>
public static class ArchivedObjects
{
    /// <summary>What the refusal of a new record-reference attribute says the archived target takes no more of.</summary>
    public const string ReferenceAttributes = "reference attributes";

    /// <summary>Throws the refusal when <paramref name="obj"/> is archived; <paramref name="what"/> names what it would get ("records").</summary>
    public static void RefuseNew(ObjectDefinition obj, string what)
    {
        if (obj.IsArchived)
        {
            throw Refusal(obj.Slug, what);
        }
    }

    /// <summary>
    /// Refuses a new record-reference attribute (<paramref name="config"/> already checked) whose target object is
    /// archived in <paramref name="schema"/>, which must be the committed schema. Existing reference attributes keep
    /// their target, as existing records keep their values.
    /// </summary>
    public static void RefuseNewReference(AttributeConfig config, WorkspaceSchema schema)
    {
        if (config.TargetObject is { } target && schema.Object(target) is { } obj)
        {
            RefuseNew(obj, ReferenceAttributes);
        }
    }

    /// <summary>
    /// <see cref="RefuseNewReference(AttributeConfig, WorkspaceSchema)"/> for writers outside the workspace grain (list
    /// attributes), judged by the <c>objects</c> row in their transaction rather than a cached schema. The row is read
    /// FOR SHARE, so an archive that comes meanwhile waits for the attribute, and one that came first is seen.
    /// </summary>
    public static async Task RefuseNewReferenceAsync(NpgsqlConnection connection, Guid workspaceId, AttributeConfig config)
    {
        if (config.TargetObject is not { } target)
        {
            return;
        }

        var archived = await connection.Command("SELECT is_archived FROM objects WHERE workspace_id = $1 AND slug = $2 FOR SHARE", workspaceId, target)
            .FirstOrDefaultAsync(r => r.GetBoolean(0), CancellationToken.None);
        if (archived)
        {
            throw Refusal(target, ReferenceAttributes);
        }
    }

    /// <summary>The refusal for the archived object <paramref name="slug"/>, for callers that know only its slug.</summary>
    public static JuxaException Refusal(string slug, string what) =>
        JuxaException.Conflict($"'{slug}' is archived and takes no new {what}; unarchive it first: PATCH /api/v1/objects/{slug} {{\"isArchived\": false}}.");
}
