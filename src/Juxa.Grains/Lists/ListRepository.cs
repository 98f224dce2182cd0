using Juxa.Database;
using Juxa.Errors;
using Juxa.Identity;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Lists;

/// <summary>
/// SQL for <c>lists</c>. Lists, their attributes and their entries are plain SQL behind repositories,
/// not grains: every change is one atomic statement or a short transaction holding a row lock
/// (<see cref="ListSql"/>), so concurrent writers cannot lose an update on any node, and nothing needs
/// hot in-memory state — a grain would only add a second copy to keep in step with the table.
/// </summary>
public sealed class ListRepository(NpgsqlDataSource db, IRealtimePublisher realtime, TimeProvider time)
{
    /// <summary>One page of the lists the viewer may see, oldest first, with entry counts, and how many there are.</summary>
    public async Task<(List<ListInfo> Lists, long Total)> ListAsync(ListViewer viewer, int limit, int offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var lists = await connection.Command(
                $"""
                SELECT {ListSql.ListColumns}, (SELECT count(*) FROM list_entries e WHERE e.list_id = l.id)
                FROM lists l JOIN objects o ON o.id = l.object_id
                WHERE {ListSql.Visible} ORDER BY l.created_at, l.id LIMIT $4 OFFSET $5
                """, [.. ListSql.ViewerParameters(viewer), limit, offset])
            .ListAsync(r => ListSql.ReadList(r, counted: true), cancellationToken);
        var total = await connection.Command($"SELECT count(*) FROM lists l WHERE {ListSql.Visible}", ListSql.ViewerParameters(viewer))
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (lists, total);
    }

    /// <summary>The list, or 404 when it does not exist, belongs to another workspace, or is another member's private list.</summary>
    public async Task<ListInfo> GetAsync(ListViewer viewer, Guid listId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await ListSql.FindAsync(connection, viewer, listId, cancellationToken) ?? throw JuxaException.NotFound("List");
    }

    /// <summary>
    /// Creates a list of an object's records. The object is looked up by slug in the same INSERT, so a list
    /// can never point at another workspace's object (or at one deleted meanwhile: the foreign key refuses it),
    /// nor at an archived one (409, <see cref="ArchivedObjects"/>).
    /// </summary>
    public async Task<ListInfo> CreateAsync(ListViewer viewer, string? name, string? objectSlug, bool isPrivate)
    {
        var errors = new Dictionary<string, string[]>();
        string? validName = null;
        try
        {
            validName = SchemaRules.Name(name, "name");
        }
        catch (JuxaException e)
        {
            errors["name"] = [e.Message];
        }

        if (string.IsNullOrWhiteSpace(objectSlug))
        {
            errors["objectSlug"] = ["objectSlug is required: the slug of the object whose records the list holds."];
        }

        if (isPrivate && viewer.MemberId is null)
        {
            errors["isPrivate"] = ["A private list belongs to a member; this credential does not act as one."];
        }

        ThrowIfAny(errors);
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        int inserted;
        try
        {
            inserted = await db.ExecuteAsync(
                """
                INSERT INTO lists (id, workspace_id, object_id, name, is_private, created_by_member_id, created_at, updated_at)
                SELECT $1, $2, o.id, $4, $5, $6, $7, $7 FROM objects o WHERE o.workspace_id = $2 AND o.slug = $3 AND NOT o.is_archived
                """,
                CancellationToken.None, id, viewer.WorkspaceId, objectSlug, validName, isPrivate, viewer.MemberId, now);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation && !RemovedMemberRace.Lost(e))
        {
            // The object was deleted meanwhile (a creator removed meanwhile is the API's 401: RemovedMemberRace).
            inserted = 0;
        }

        if (inserted == 0)
        {
            // Nothing was inserted: the object is missing, or archived (an archived object gets no new lists).
            var archived = await db.Command("SELECT is_archived FROM objects WHERE workspace_id = $1 AND slug = $2", viewer.WorkspaceId, objectSlug)
                .FirstOrDefaultAsync(r => r.GetBoolean(0), CancellationToken.None);
            throw archived
                ? ArchivedObjects.Refusal(objectSlug!, "lists")
                : JuxaException.Validation("objectSlug", $"No object '{objectSlug}' exists in this workspace.");
        }

        return await GetAsync(viewer, id);
    }

    /// <summary>
    /// Renames a list or changes its privacy. Only the list's creator may make it private (anyone else
    /// would hide it from themselves and everyone but the creator); anyone who can see it may make it public.
    /// </summary>
    public async Task<ListInfo> UpdateAsync(ListViewer viewer, Guid listId, string? name, bool? isPrivate)
    {
        var validName = name is null ? null : SchemaRules.Name(name, "name");
        await using (var connection = await db.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var list = await ListSql.LockAsync(connection, viewer, listId, forUpdate: true);
            if (isPrivate == true && !list.IsPrivate && (viewer.MemberId is null || list.CreatedByMemberId != viewer.MemberId))
            {
                throw JuxaException.Forbidden("Only the member who created this list can make it private.");
            }

            // Only a change is written: a PATCH that sends the list's own name or privacy keeps its updatedAt, as for records.
            if ((validName ?? list.Name) != list.Name || (isPrivate ?? list.IsPrivate) != list.IsPrivate)
            {
                await connection.ExecuteAsync("UPDATE lists SET name = $2, is_private = $3, updated_at = $4 WHERE id = $1",
                    CancellationToken.None, listId, validName ?? list.Name, isPrivate ?? list.IsPrivate, time.GetUtcNow());
            }

            await transaction.CommitAsync();
        }

        return await GetAsync(viewer, listId);
    }

    /// <summary>
    /// Deletes a list with its attributes and entries, and publishes <c>listEntryChanged</c> "removed" for each entry of a
    /// public list after the commit, in bulk, as removing them one by one would. The list row is locked FOR UPDATE first, so
    /// no entry write (each locks it FOR SHARE) can change the entries until the delete commits; the entries of a public
    /// list are deleted explicitly, to learn which they were, and the rest goes by <c>ON DELETE CASCADE</c>.
    /// <para>
    /// A private list also takes with it the activity its entries wrote to records' feeds while it was public. Those were
    /// hidden from everyone who cannot see the list only while the list exists to say so (<see cref="RecordRepository.ActivityAsync"/>):
    /// kept, they would show its name and values to every member again once it is gone.
    /// </para>
    /// </summary>
    public async Task DeleteAsync(ListViewer viewer, Guid listId, Actor actor)
    {
        List<(Guid Id, Guid RecordId)> removed = [];
        ListInfo list;
        await using (var connection = await db.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            list = await ListSql.LockAsync(connection, viewer, listId, forUpdate: true);
            if (!list.IsPrivate)
            {
                removed = await connection.Command("DELETE FROM list_entries WHERE list_id = $1 RETURNING id, record_id", listId)
                    .ListAsync(r => (r.GetGuid(0), r.GetGuid(1)), CancellationToken.None);
            }
            else
            {
                await connection.ExecuteAsync(
                    "DELETE FROM record_activity WHERE workspace_id = $1 AND object_id = $2 AND kind = ANY($3) AND changes ->> 'listId' = $4",
                    CancellationToken.None, list.WorkspaceId, list.ObjectId, ListActivityKinds.All, listId.ToString());
            }

            await connection.ExecuteAsync("DELETE FROM lists WHERE id = $1", CancellationToken.None, listId);
            await transaction.CommitAsync();
        }

        if (removed.Count > 0)
        {
            await realtime.PublishManyAsync(
                [.. removed.Select(e => ListEntryRepository.RemovedEvent(list.WorkspaceId, list.ObjectSlug, list.Id, e.Id, e.RecordId, actor))]);
        }
    }

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw JuxaException.Validation(errors.Count == 1 ? errors.First().Value[0] : $"{errors.Count} fields are invalid.", errors);
        }
    }
}
