using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Notifications;
using Juxa.Records;
using Juxa.Text;
using Npgsql;

namespace Juxa.Tasks;

/// <summary>
/// Tasks are plain SQL, not grains: a change is one transaction that locks the task row, so
/// concurrent edits serialize in the database and none is lost, and nothing reads tasks hot.
/// Each change, its activity entries on the linked records and the notifications it causes
/// commit together.
/// </summary>
public sealed class TaskRepository(NpgsqlDataSource db, TimeProvider time)
{
    public const int MaxContentLength = 10_000;
    public const int MaxLinks = 100;

    private const string Select =
        """
        SELECT t.id, t.content, t.deadline, t.is_completed, t.completed_at,
               coalesce((SELECT array_agg(record_id ORDER BY record_id) FROM task_records WHERE task_id = t.id), '{}'),
               coalesce((SELECT array_agg(member_id ORDER BY member_id) FROM task_assignees WHERE task_id = t.id), '{}'),
               t.created_by_type, t.created_by_id, t.created_at, t.updated_at
        FROM tasks t
        """;

    /// <summary>
    /// Locks, in id order (as <see cref="LockAssignedToAsync"/> does, so the two cannot deadlock), the tasks linked to a
    /// record (<c>$2</c>) of the workspace (<c>$1</c>) and returns their ids: a statement of the record's delete, which has locked the record's row by
    /// then, so no task can be linked to it any more (<see cref="CheckLinksAsync"/> waits for the delete and finds it gone).
    /// </summary>
    public const string LockLinkedToSql =
        "SELECT t.id FROM tasks t WHERE t.workspace_id = $1 AND EXISTS (SELECT 1 FROM task_records x WHERE x.task_id = t.id AND x.record_id = $2) ORDER BY t.id FOR UPDATE";

    /// <summary>
    /// Locks, in id order, the tasks linked to any record of object <c>$2</c> in workspace <c>$1</c> and returns their ids: a
    /// statement of the object's delete, which holds the workspace's row FOR UPDATE, so no new task (the only way to link one) can commit meanwhile.
    /// </summary>
    public const string LockLinkedToObjectSql =
        """
        SELECT t.id FROM tasks t WHERE t.workspace_id = $1
          AND EXISTS (SELECT 1 FROM task_records x JOIN records r ON r.id = x.record_id WHERE x.task_id = t.id AND r.object_id = $2)
        ORDER BY t.id FOR UPDATE
        """;

    public async Task<TaskChange> CreateAsync(
        Guid workspaceId, string? content, DateTimeOffset? deadline, IReadOnlyList<Guid>? recordIds, IReadOnlyList<Guid>? assigneeIds, Actor actor, Guid? actorMemberId)
    {
        var text = ValidateContent(content, required: true)!;
        deadline = Microseconds(deadline);
        var records = (recordIds ?? []).Distinct().ToArray();
        var assignees = (assigneeIds ?? []).Distinct().ToArray();
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var linked = await CheckLinksAsync(connection, workspaceId, records, assignees);
        await connection.ExecuteAsync(
            """
            INSERT INTO tasks (id, workspace_id, content, deadline, created_by_type, created_by_id, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
            """, CancellationToken.None, id, workspaceId, text, deadline, actor.Type, actor.Id, now);
        await connection.ExecuteAsync("INSERT INTO task_records (task_id, record_id) SELECT $1, unnest($2::uuid[])", CancellationToken.None, id, records);
        await connection.ExecuteAsync("INSERT INTO task_assignees (task_id, member_id) SELECT $1, unnest($2::uuid[])", CancellationToken.None, id, assignees);
        foreach (var (recordId, objectId) in linked)
        {
            await ActivityLog.AppendAsync(connection, workspaceId, recordId, objectId, "task_created", actor, new JsonObject { ["taskId"] = id, ["content"] = text }, now);
        }

        var notifications = new List<NotificationView>();
        foreach (var member in assignees.Where(m => m != actorMemberId))
        {
            notifications.Add(await NotificationRepository.InsertAsync(connection, workspaceId, member, NotificationKinds.TaskAssigned,
                "A task was assigned to you", Truncate(text), records.FirstOrDefault() is var r && r != Guid.Empty ? r : null, id, actor, now));
        }

        // Read before the commit: right after it, another request may delete the task.
        var task = (await ReadAsync(connection, workspaceId, id))!;
        await transaction.CommitAsync();
        return new TaskChange(task, notifications);
    }

    public Task<TaskView?> GetAsync(Guid workspaceId, Guid taskId, CancellationToken cancellationToken = default) =>
        db.Command(Select + " WHERE t.workspace_id = $1 AND t.id = $2", workspaceId, taskId).FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>The task as a write's own transaction sees it (a read after the commit may find it deleted already).</summary>
    private static Task<TaskView?> ReadAsync(NpgsqlConnection connection, Guid workspaceId, Guid taskId) =>
        connection.Command(Select + " WHERE t.workspace_id = $1 AND t.id = $2", workspaceId, taskId).FirstOrDefaultAsync(Read, CancellationToken.None);

    /// <summary>Open tasks first by deadline (none last), then newest; completed ones only when asked. Optionally only a record's tasks.</summary>
    public async Task<(List<TaskView> Tasks, long Total)> ListAsync(
        Guid workspaceId, bool showCompleted, Guid? recordId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var filter = "t.workspace_id = $1 AND ($2 OR NOT t.is_completed) AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM task_records x WHERE x.task_id = t.id AND x.record_id = $3))";
        var tasks = await db.Command(
                Select + $" WHERE {filter} ORDER BY t.is_completed, t.deadline ASC NULLS LAST, t.created_at DESC, t.id DESC LIMIT $4 OFFSET $5",
                workspaceId, showCompleted, recordId, limit, offset)
            .ListAsync(Read, cancellationToken);
        var total = await db.Command($"SELECT count(*) FROM tasks t WHERE {filter}", workspaceId, showCompleted, recordId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (tasks, total);
    }

    /// <summary>
    /// Changes the given fields (<paramref name="setDeadline"/> says whether <paramref name="deadline"/> was given, null clearing it).
    /// Completing a task notifies the owners of its linked records. Null when there is no such task here.
    /// </summary>
    public async Task<TaskChange?> UpdateAsync(
        Guid workspaceId, Guid taskId, string? content, bool? isCompleted, bool setDeadline, DateTimeOffset? deadline, Actor actor, Guid? actorMemberId)
    {
        var text = ValidateContent(content, required: false);
        deadline = Microseconds(deadline);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var current = await connection.Command("SELECT content, is_completed, deadline FROM tasks WHERE workspace_id = $1 AND id = $2 FOR UPDATE", workspaceId, taskId)
            .FirstOrDefaultAsync(r => (Content: r.GetString(0), IsCompleted: r.GetBoolean(1), Deadline: r.GetNullable<DateTimeOffset?>(2)), CancellationToken.None);
        if (current == default)
        {
            return null;
        }

        var wasCompleted = current.IsCompleted;
        if ((text ?? current.Content) == current.Content && (isCompleted ?? wasCompleted) == wasCompleted && (!setDeadline || deadline == current.Deadline))
        {
            // Nothing differs: nothing is written, as for records (no activity, no notification, updatedAt kept).
            return new TaskChange((await ReadAsync(connection, workspaceId, taskId))!, [], Changed: false);
        }

        await connection.ExecuteAsync(
            """
            UPDATE tasks SET content = coalesce($3, content),
                             is_completed = coalesce($4, is_completed),
                             completed_at = CASE WHEN $4::boolean IS NULL THEN completed_at WHEN $4 THEN coalesce(completed_at, $7) ELSE NULL END,
                             deadline = CASE WHEN $5 THEN $6 ELSE deadline END,
                             updated_at = $7
            WHERE id = $2 AND workspace_id = $1
            """, CancellationToken.None, workspaceId, taskId, text, isCompleted, setDeadline, deadline, now);

        var completed = isCompleted == true && wasCompleted == false;
        var linked = await connection.Command(
                "SELECT r.id, r.object_id, r.created_by_type, r.created_by_id FROM task_records x JOIN records r ON r.id = x.record_id WHERE x.task_id = $1",
                taskId)
            .ListAsync(r => (RecordId: r.GetGuid(0), ObjectId: r.GetGuid(1), Creator: new Actor(r.GetString(2), r.GetGuid(3))), CancellationToken.None);
        foreach (var (recordId, objectId, _) in linked)
        {
            await ActivityLog.AppendAsync(connection, workspaceId, recordId, objectId, completed ? "task_completed" : "task_updated", actor,
                new JsonObject { ["taskId"] = taskId }, now);
        }

        var notifications = new List<NotificationView>();
        if (completed)
        {
            var taskContent = (await connection.Command("SELECT content FROM tasks WHERE id = $1", taskId).FirstOrDefaultAsync(r => r.GetString(0), CancellationToken.None))!;
            foreach (var (recordId, owner) in await OwnersAsync(connection, workspaceId, linked.Select(l => (l.RecordId, l.Creator)).ToList()))
            {
                if (owner != actorMemberId)
                {
                    notifications.Add(await NotificationRepository.InsertAsync(connection, workspaceId, owner, NotificationKinds.TaskCompleted,
                        "A task on your record was completed", Truncate(taskContent), recordId, taskId, actor, now));
                }
            }
        }

        var task = (await ReadAsync(connection, workspaceId, taskId))!;
        await transaction.CommitAsync();
        return new TaskChange(task, notifications);
    }

    /// <summary>Deletes the task; its id and links, for the caller's event. Null when there is no such task here.</summary>
    public async Task<TaskView?> DeleteAsync(Guid workspaceId, Guid taskId, Actor actor)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // The task as it is deleted, for the caller's event: read with its row locked, so no PATCH lands between the read
        // and the delete (read before the transaction, the event could carry the task as it was before such a PATCH).
        var locked = await connection.Command("SELECT true FROM tasks WHERE workspace_id = $1 AND id = $2 FOR UPDATE", workspaceId, taskId)
            .FirstOrDefaultAsync(r => r.GetBoolean(0), CancellationToken.None);
        if (!locked || await ReadAsync(connection, workspaceId, taskId) is not { } task)
        {
            return null;
        }

        var linked = await connection.Command("SELECT r.id, r.object_id FROM task_records x JOIN records r ON r.id = x.record_id WHERE x.task_id = $1", taskId)
            .ListAsync(r => (RecordId: r.GetGuid(0), ObjectId: r.GetGuid(1)), CancellationToken.None);
        await connection.ExecuteAsync("DELETE FROM tasks WHERE workspace_id = $1 AND id = $2", CancellationToken.None, workspaceId, taskId);
        var now = time.GetUtcNow();
        foreach (var (recordId, objectId) in linked)
        {
            await ActivityLog.AppendAsync(connection, workspaceId, recordId, objectId, "task_deleted", actor, new JsonObject { ["taskId"] = taskId }, now);
        }

        await transaction.CommitAsync();
        return task;
    }

    /// <summary>
    /// Locks, in id order, the workspace's tasks assigned to a member, as a task PATCH locks its task, and returns their ids:
    /// the first step of the member's removal (<see cref="UnassignAsync"/>), taken before any member row is locked.
    /// </summary>
    public static Task<List<Guid>> LockAssignedToAsync(NpgsqlConnection connection, Guid workspaceId, Guid memberId, CancellationToken cancellationToken) =>
        connection.Command(
                """
                SELECT t.id FROM tasks t
                WHERE t.workspace_id = $1 AND EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = t.id AND a.member_id = $2)
                ORDER BY t.id FOR UPDATE OF t
                """, workspaceId, memberId)
            .ListAsync(r => r.GetGuid(0), cancellationToken);

    /// <summary>
    /// Takes a member who is being removed off their tasks, inside the removal's transaction, as a task update: the
    /// assignment goes, <c>updated_at</c> moves, and each linked record gets <c>task_updated</c> by <paramref name="actor"/>.
    /// Returns the tasks as they now are, for the caller's events. The tasks must be those <see cref="LockAssignedToAsync"/>
    /// locked, and the member's row must be locked by now, so that no task can be assigned to them any more. Null when the
    /// member is assigned to a task that is not among them (one created since): nothing is written, and the caller rolls
    /// back and starts over, as locking that task now, with the member's row held, could deadlock with a task PATCH.
    /// </summary>
    public static async Task<List<TaskView>?> UnassignAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid memberId, IReadOnlyCollection<Guid> lockedTaskIds, Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var assigned = await connection.Command(
                "SELECT a.task_id FROM task_assignees a JOIN tasks t ON t.id = a.task_id WHERE t.workspace_id = $1 AND a.member_id = $2",
                workspaceId, memberId)
            .ListAsync(r => r.GetGuid(0), cancellationToken);
        if (assigned.Except(lockedTaskIds).Any())
        {
            return null;
        }

        var ids = assigned.Order().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        await connection.ExecuteAsync("DELETE FROM task_assignees WHERE member_id = $1 AND task_id = ANY($2)", cancellationToken, memberId, ids);
        return await MarkUpdatedAsync(connection, workspaceId, ids, actor, now, cancellationToken);
    }

    /// <summary>
    /// Dates a change that something else made to locked tasks (an assignee removed from the workspace, a linked record
    /// deleted), as a task update: <c>updated_at</c> moves and each record they link now gets <c>task_updated</c> by
    /// <paramref name="actor"/>, in the caller's transaction. Returns the tasks as they now are, in id order, for the
    /// caller's <c>taskChanged</c> events after its commit.
    /// </summary>
    public static async Task<List<TaskView>> MarkUpdatedAsync(
        NpgsqlConnection connection, Guid workspaceId, IReadOnlyCollection<Guid> lockedTaskIds, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (lockedTaskIds.Count == 0)
        {
            return [];
        }

        var ids = lockedTaskIds.ToArray();
        await connection.ExecuteAsync("UPDATE tasks SET updated_at = $3 WHERE workspace_id = $1 AND id = ANY($2)", cancellationToken, workspaceId, ids, now);
        var linked = await connection.Command(
                "SELECT x.task_id, r.id, r.object_id FROM task_records x JOIN records r ON r.id = x.record_id WHERE x.task_id = ANY($1)", ids)
            .ListAsync(r => (RecordId: r.GetGuid(1), ObjectId: r.GetGuid(2), Changes: new JsonObject { ["taskId"] = r.GetGuid(0) }), cancellationToken);
        await ActivityLog.AppendManyAsync(connection, workspaceId, "task_updated", actor, now, linked);
        return await connection.Command(Select + " WHERE t.workspace_id = $1 AND t.id = ANY($2) ORDER BY t.id", workspaceId, ids).ListAsync(Read, cancellationToken);
    }

    /// <summary>
    /// Linked records must be in this workspace and assignees its members; returns each linked record's object. Both are
    /// locked as a foreign key would (FOR KEY SHARE) until the caller commits: a record deleted or a member removed
    /// meanwhile is then a 400 here, or waits for the task, instead of failing its insert with a foreign-key violation.
    /// </summary>
    private static async Task<List<(Guid RecordId, Guid ObjectId)>> CheckLinksAsync(NpgsqlConnection connection, Guid workspaceId, Guid[] records, Guid[] assignees)
    {
        var errors = new Dictionary<string, string[]>();
        if (records.Length > MaxLinks || assignees.Length > MaxLinks)
        {
            throw JuxaException.Validation(records.Length > MaxLinks ? "recordIds" : "assigneeIds", $"A task links at most {MaxLinks} records and assignees.");
        }

        var linked = await connection.Command("SELECT id, object_id FROM records WHERE workspace_id = $1 AND id = ANY($2) FOR KEY SHARE", workspaceId, records)
            .ListAsync(r => (RecordId: r.GetGuid(0), ObjectId: r.GetGuid(1)), CancellationToken.None);
        var missingRecords = records.Except(linked.Select(l => l.RecordId)).ToList();
        if (missingRecords.Count > 0)
        {
            errors["recordIds"] = [$"No record {string.Join(", ", missingRecords)} exists in this workspace."];
        }

        var members = await connection.Command("SELECT id FROM workspace_members WHERE workspace_id = $1 AND id = ANY($2) FOR KEY SHARE", workspaceId, assignees)
            .ListAsync(r => r.GetGuid(0), CancellationToken.None);
        var missingMembers = assignees.Except(members).ToList();
        if (missingMembers.Count > 0)
        {
            errors["assigneeIds"] = [$"{string.Join(", ", missingMembers)} is not a member of this workspace."];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation(errors.First().Value[0], errors);
        }

        return linked;
    }

    /// <summary>
    /// A record's owner is the member who created it (for a record created with an API key, the key's creator), while they
    /// are still a member: one who left has no inbox, and a notification for them would break its foreign key. The members
    /// are locked as that foreign key would (FOR KEY SHARE), so one removed meanwhile waits for this commit.
    /// </summary>
    private static async Task<List<(Guid RecordId, Guid MemberId)>> OwnersAsync(NpgsqlConnection connection, Guid workspaceId, List<(Guid RecordId, Actor Creator)> records)
    {
        var creators = new List<(Guid RecordId, Guid MemberId)>();
        foreach (var (recordId, creator) in records)
        {
            var member = creator.Type == Actor.Member
                ? creator.Id
                : await connection.Command("SELECT created_by_member_id FROM api_keys WHERE workspace_id = $1 AND id = $2", workspaceId, creator.Id)
                    .FirstOrDefaultAsync(r => r.GetNullable<Guid?>(0), CancellationToken.None);
            if (member is { } m)
            {
                creators.Add((recordId, m));
            }
        }

        var members = (await connection.Command("SELECT id FROM workspace_members WHERE workspace_id = $1 AND id = ANY($2) FOR KEY SHARE",
                workspaceId, creators.Select(c => c.MemberId).Distinct().ToArray())
            .ListAsync(r => r.GetGuid(0), CancellationToken.None)).ToHashSet();
        return creators.Where(c => members.Contains(c.MemberId)).DistinctBy(c => c.MemberId).ToList();
    }

    private static string? ValidateContent(string? content, bool required)
    {
        var trimmed = content?.Trim();
        if ((required && string.IsNullOrEmpty(trimmed)) || (content is not null && string.IsNullOrEmpty(trimmed)) || trimmed is { Length: > MaxContentLength })
        {
            throw JuxaException.Validation("content", $"content must be 1 to {MaxContentLength} characters.");
        }

        return trimmed;
    }

    /// <summary>
    /// The deadline as PostgreSQL keeps it, to the microsecond (.NET has ten times finer ticks). Cut here, before it is
    /// stored or compared with the stored one, so that re-sending the deadline a task has is no change.
    /// </summary>
    private static DateTimeOffset? Microseconds(DateTimeOffset? deadline) => deadline is { } at ? MicrosecondClock.Truncate(at) : null;

    private static string Truncate(string text) => text.Length <= 200 ? text : TextCut.Prefix(text, 197) + "...";

    private static TaskView Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetNullable<DateTimeOffset?>(2), r.GetBoolean(3), r.GetNullable<DateTimeOffset?>(4),
        r.GetFieldValue<Guid[]>(5), r.GetFieldValue<Guid[]>(6), new Actor(r.GetString(7), r.GetGuid(8)),
        r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10));
}
