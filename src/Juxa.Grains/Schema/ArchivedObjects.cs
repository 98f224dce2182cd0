using Juxa.Errors;

namespace Juxa.Schema;

/// <summary>
/// What an archived object refuses. Archiving retires an object without losing its data: it takes nothing new
/// (records, by create, assert or import; attributes; lists; list entries), while its records stay readable,
/// queryable, searchable, and can still be updated and deleted (docs/schema.md#archived-objects). The refusal is a
/// 409 CONFLICT, as for the other writes the object's state rather than the request refuses (deleting a standard
/// object, an option in use), and it says how to unarchive.
/// </summary>
public static class ArchivedObjects
{
    /// <summary>Throws the refusal when <paramref name="obj"/> is archived; <paramref name="what"/> names what it would get ("records").</summary>
    public static void RefuseNew(ObjectDefinition obj, string what)
    {
        if (obj.IsArchived)
        {
            throw Refusal(obj.Slug, what);
        }
    }

    /// <summary>The refusal for the archived object <paramref name="slug"/>, for callers that know only its slug.</summary>
    public static JuxaException Refusal(string slug, string what) =>
        JuxaException.Conflict($"'{slug}' is archived and takes no new {what}; unarchive it first: PATCH /api/v1/objects/{slug} {{\"isArchived\": false}}.");
}
