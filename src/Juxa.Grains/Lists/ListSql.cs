using System.Text.Json;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Records;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Lists;

/// <summary>
/// SQL the list repositories share: the visibility rule, reading rows, and locking a list.
/// <para>
/// Locking protocol: anything that changes a list's attributes locks its row FOR UPDATE; every entry write
/// locks it FOR SHARE before reading the attributes it validates against. So an entry is never written
/// against attributes that changed underneath it (a deleted attribute's values are stripped from every
/// entry, and no entry can put one back), while entry writes to one list still run in parallel.
/// </para>
/// </summary>
internal static class ListSql
{
    /// <summary>
    /// The lists a <see cref="ListViewer"/> may see, for queries over <c>lists l</c> whose first three
    /// parameters are the viewer's workspace ($1), member id ($2, may be null) and admin flag ($3).
    /// A list of another workspace and a private list of another member are equally invisible: 404.
    /// </summary>
    public const string Visible =
        "l.workspace_id = $1 AND (NOT l.is_private OR l.created_by_member_id = $2 OR (l.created_by_member_id IS NULL AND $3))";

    /// <summary>Columns <see cref="ReadList"/> reads, over <c>lists l JOIN objects o</c>.</summary>
    public const string ListColumns = "l.id, l.workspace_id, l.object_id, o.slug, l.name, l.is_private, l.created_by_member_id, l.created_at, l.updated_at";

    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);

    public static object?[] ViewerParameters(ListViewer viewer) => [viewer.WorkspaceId, viewer.MemberId, viewer.IsAdmin];

    /// <summary>A list row from <see cref="ListColumns"/>; the entry count follows them when <paramref name="counted"/>.</summary>
    public static ListInfo ReadList(NpgsqlDataReader r, bool counted) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.IsDBNull(6) ? null : r.GetGuid(6),
        counted ? r.GetInt64(9) : null, r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8));

    /// <summary>The visible list with its entry count, outside any transaction.</summary>
    public static Task<ListInfo?> FindAsync(NpgsqlConnection connection, ListViewer viewer, Guid listId, CancellationToken cancellationToken) =>
        connection.Command(
                $"""
                SELECT {ListColumns}, (SELECT count(*) FROM list_entries e WHERE e.list_id = l.id)
                FROM lists l JOIN objects o ON o.id = l.object_id WHERE {Visible} AND l.id = $4
                """, [.. ViewerParameters(viewer), listId])
            .FirstOrDefaultAsync(r => ReadList(r, counted: true), cancellationToken);

    /// <summary>The visible list, row-locked for the rest of the caller's transaction (see the class remarks); 404 when the viewer cannot see it.</summary>
    public static async Task<ListInfo> LockAsync(NpgsqlConnection connection, ListViewer viewer, Guid listId, bool forUpdate) =>
        await connection.Command(
                $"""
                SELECT {ListColumns} FROM lists l JOIN objects o ON o.id = l.object_id
                WHERE {Visible} AND l.id = $4 FOR {(forUpdate ? "UPDATE" : "SHARE")} OF l
                """, [.. ViewerParameters(viewer), listId])
            .FirstOrDefaultAsync(r => ReadList(r, counted: false), CancellationToken.None)
        ?? throw JuxaException.NotFound("List");

    /// <summary>The list's attributes with their options, in position order, as <see cref="AttributeDefinition"/>s whose ObjectId is the list id.</summary>
    public static async Task<IReadOnlyList<AttributeDefinition>> AttributesAsync(NpgsqlConnection connection, Guid listId, CancellationToken cancellationToken)
    {
        var options = (await connection.Command(
                """
                SELECT o.id, o.attribute_id, o.title, o.color, o.is_active, o.position
                FROM list_attribute_options o JOIN list_attributes a ON a.id = o.attribute_id
                WHERE a.list_id = $1 ORDER BY o.position, o.created_at
                """, listId)
            .ListAsync(r => new AttributeOption(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetNullable<string>(3), r.GetBoolean(4), r.GetInt32(5)),
                cancellationToken))
            .ToLookup(o => o.AttributeId);

        return await connection.Command(
                """
                SELECT id, list_id, slug, title, type, is_required, is_unique, is_multiselect, is_archived, config::text, created_at
                FROM list_attributes WHERE list_id = $1 ORDER BY position, created_at
                """, listId)
            .ListAsync(r =>
            {
                AttributeTypes.TryParse(r.GetString(4), out var type);
                var id = r.GetGuid(0);
                return new AttributeDefinition(id, r.GetGuid(1), r.GetString(2), r.GetString(3), type, r.GetBoolean(5), r.GetBoolean(6), r.GetBoolean(7),
                    IsStandard: false, r.GetBoolean(8), JsonSerializer.Deserialize<AttributeConfig>(r.GetString(9), ConfigJson) ?? AttributeConfig.Empty,
                    options[id].ToArray(), r.GetFieldValue<DateTimeOffset>(10));
            }, cancellationToken);
    }
}
