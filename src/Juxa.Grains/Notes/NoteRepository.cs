using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Records;
using Npgsql;

namespace Juxa.Notes;

/// <summary>
/// Notes are plain SQL, not grains: a note is written by one statement at a time (PATCH sets only
/// the given columns atomically, so concurrent edits cannot lose each other's fields) and nothing
/// reads it hot. Each change and its activity entry on the record commit together.
/// </summary>
public sealed class NoteRepository(NpgsqlDataSource db, TimeProvider time)
{
    public const int MaxTitleLength = 500;
    public const int MaxContentLength = 100_000;

    private const string Select =
        """
        SELECT n.id, n.record_id, o.slug, n.title, n.content, n.created_by_type, n.created_by_id, n.created_at, n.updated_at, n.object_id
        FROM notes n JOIN objects o ON o.id = n.object_id
        """;

    /// <summary>
    /// Deletes the notes of the record <c>$1</c> and returns them as they were (the columns <see cref="Read"/> takes): a statement
    /// of the record's delete, which has locked the record's row by then, so no note can be added to it any more
    /// (<see cref="CreateAsync"/> waits for the delete and finds it gone). Explicit rather than by <c>ON DELETE CASCADE</c>, so
    /// that the delete knows which notes went with the record and can publish their <c>noteDeleted</c>.
    /// </summary>
    public const string RemoveRecordNotesSql =
        """
        DELETE FROM notes n USING objects o WHERE n.record_id = $1 AND o.id = n.object_id
        RETURNING n.id, n.record_id, o.slug, n.title, n.content, n.created_by_type, n.created_by_id, n.created_at, n.updated_at, n.object_id
        """;

    public async Task<NoteView> CreateAsync(Guid workspaceId, Guid recordId, Guid objectId, string? title, string? content, Actor actor)
    {
        Validate(title, content, creating: true);
        // "" means none, here as in a PATCH: stored as "", it would be returned, and a PATCH clearing it again would count as a change.
        title = title is "" ? null : title;
        content = content is "" ? null : content;
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // The caller checked the record, but it may have been deleted since: the lock (what the foreign key takes) holds a
        // delete back until this commits, and a record deleted meanwhile is a 404 rather than a foreign-key violation.
        if (await connection.Command("SELECT true FROM records WHERE workspace_id = $1 AND id = $2 AND object_id = $3 FOR KEY SHARE", workspaceId, recordId, objectId)
                .FirstOrDefaultAsync(r => r.GetBoolean(0), CancellationToken.None) is false)
        {
            throw JuxaException.NotFound("Record");
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO notes (id, workspace_id, record_id, object_id, title, content, created_by_type, created_by_id, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
            """,
            CancellationToken.None, id, workspaceId, recordId, objectId, title, content, actor.Type, actor.Id, now);
        await ActivityLog.AppendAsync(connection, workspaceId, recordId, objectId, "note_created", actor, new JsonObject { ["noteId"] = id, ["title"] = title }, now);
        // Read before the commit: right after it, a delete of the record may take the note with it.
        var note = (await ReadAsync(connection, workspaceId, id))!;
        await transaction.CommitAsync();
        return note;
    }

    public Task<NoteView?> GetAsync(Guid workspaceId, Guid noteId, CancellationToken cancellationToken = default) =>
        db.Command(Select + " WHERE n.workspace_id = $1 AND n.id = $2", workspaceId, noteId).FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>The note as a write's own transaction sees it.</summary>
    private static Task<NoteView?> ReadAsync(NpgsqlConnection connection, Guid workspaceId, Guid noteId) =>
        connection.Command(Select + " WHERE n.workspace_id = $1 AND n.id = $2", workspaceId, noteId).FirstOrDefaultAsync(Read, CancellationToken.None);

    /// <summary>All notes of the workspace, or of one record, newest first.</summary>
    public async Task<(List<NoteView> Notes, long Total)> ListAsync(Guid workspaceId, Guid? recordId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var filter = "n.workspace_id = $1 AND ($2::uuid IS NULL OR n.record_id = $2)";
        var notes = await db.Command(Select + $" WHERE {filter} ORDER BY n.created_at DESC, n.id DESC LIMIT $3 OFFSET $4", workspaceId, recordId, limit, offset)
            .ListAsync(Read, cancellationToken);
        var total = await db.Command($"SELECT count(*) FROM notes n WHERE {filter}", workspaceId, recordId).FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (notes, total);
    }

    /// <summary>
    /// Sets only the given fields; an empty string clears one, but not both: a note keeps a title or content that is not
    /// blank, as on create (400, and nothing changes). A change to nothing writes nothing. Null when there is no such note here.
    /// </summary>
    public async Task<NoteChange?> UpdateAsync(Guid workspaceId, Guid noteId, string? title, string? content, Actor actor)
    {
        Validate(title, content, creating: false);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var current = await connection.Command("SELECT record_id, object_id, title, content FROM notes WHERE workspace_id = $1 AND id = $2 FOR UPDATE", workspaceId, noteId)
            .FirstOrDefaultAsync(r => (RecordId: r.GetGuid(0), ObjectId: r.GetGuid(1), Title: r.GetNullable<string>(2), Content: r.GetNullable<string>(3)), CancellationToken.None);
        if (current == default)
        {
            return null;
        }

        var newTitle = title is null ? current.Title : title.Length == 0 ? null : title;
        var newContent = content is null ? current.Content : content.Length == 0 ? null : content;
        if (string.IsNullOrWhiteSpace(newTitle) && string.IsNullOrWhiteSpace(newContent))
        {
            throw JuxaException.Validation("content", "A note needs a title or content: this change would leave neither.");
        }

        if (newTitle == current.Title && newContent == current.Content)
        {
            // Nothing differs: nothing is written, as for records (no activity, updatedAt kept, no event).
            return new NoteChange((await ReadAsync(connection, workspaceId, noteId))!, Changed: false);
        }

        var now = time.GetUtcNow();
        await connection.ExecuteAsync("UPDATE notes SET title = $2, content = $3, updated_at = $4 WHERE id = $1", CancellationToken.None, noteId, newTitle, newContent, now);
        await ActivityLog.AppendAsync(connection, workspaceId, current.RecordId, current.ObjectId, "note_updated", actor, new JsonObject { ["noteId"] = noteId }, now);
        var note = await ReadAsync(connection, workspaceId, noteId);
        await transaction.CommitAsync();
        return new NoteChange(note!, Changed: true);
    }

    /// <summary>Deletes a note; returns it as it was (read with its row locked, so no edit slips in between), or null when there is no such note here.</summary>
    public async Task<NoteView?> DeleteAsync(Guid workspaceId, Guid noteId, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var note = await connection.Command(Select + " WHERE n.workspace_id = $1 AND n.id = $2 FOR UPDATE OF n", workspaceId, noteId)
            .FirstOrDefaultAsync(Read, CancellationToken.None);
        if (note is null)
        {
            return null;
        }

        var objectId = await connection.Command("DELETE FROM notes WHERE id = $1 RETURNING object_id", noteId)
            .FirstOrDefaultAsync(r => r.GetGuid(0), CancellationToken.None);
        await ActivityLog.AppendAsync(connection, workspaceId, note.RecordId, objectId, "note_deleted", actor,
            new JsonObject { ["noteId"] = noteId, ["title"] = note.Title }, time.GetUtcNow());
        await transaction.CommitAsync();
        return note;
    }

    private static void Validate(string? title, string? content, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (title is { Length: > MaxTitleLength })
        {
            errors["title"] = [$"title must be at most {MaxTitleLength} characters."];
        }

        if (content is { Length: > MaxContentLength })
        {
            errors["content"] = [$"content must be at most {MaxContentLength} characters."];
        }

        if (creating && string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(content))
        {
            errors["content"] = ["A note needs a title or content."];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation(errors.First().Value[0], errors);
        }
    }

    /// <summary>A note from the columns of <see cref="Select"/> (or <see cref="RemoveRecordNotesSql"/>), from the first.</summary>
    internal static NoteView Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetNullable<string>(3), r.GetNullable<string>(4), new Actor(r.GetString(5), r.GetGuid(6)),
        r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8));
}
