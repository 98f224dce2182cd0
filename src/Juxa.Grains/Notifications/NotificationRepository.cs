using Juxa.Database;
using Juxa.Records;
using Npgsql;

namespace Juxa.Notifications;

/// <summary>
/// SQL for <c>notifications</c>. Plain rows, no grain: each is written once by whoever causes it
/// and then only marked read by its member, in single statements that cannot lose an update.
/// </summary>
public sealed class NotificationRepository(NpgsqlDataSource db, TimeProvider time)
{
    private const string Columns = "id, workspace_id, member_id, kind, title, body, record_id, task_id, actor_type, actor_id, created_at, read_at";

    /// <summary>
    /// Writes a notification inside the caller's transaction and returns it as stored; the caller pushes it after committing.
    /// As stored, so the pushed notification carries the very <c>createdAt</c> the notifications API returns, whatever
    /// precision <paramref name="now"/> has (PostgreSQL keeps microseconds; the service clock is read to them already).
    /// </summary>
    public static async Task<NotificationView> InsertAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid memberId, string kind, string title, string? body, Guid? recordId, Guid? taskId, Actor? actor,
        DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await connection.Command(
                $"INSERT INTO notifications ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL) RETURNING {Columns}",
                Guid.CreateVersion7(), workspaceId, memberId, kind, title, body, recordId, taskId, actor?.Type, actor?.Id, now)
            .FirstOrDefaultAsync(Read, cancellationToken))!;

    public async Task<(List<NotificationView> Items, long Total, long Unread)> ListAsync(
        Guid workspaceId, Guid memberId, bool unreadOnly, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var filter = "workspace_id = $1 AND member_id = $2" + (unreadOnly ? " AND read_at IS NULL" : string.Empty);
        var items = await db.Command($"SELECT {Columns} FROM notifications WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4",
                workspaceId, memberId, limit, offset)
            .ListAsync(Read, cancellationToken);
        var counts = await db.Command(
                "SELECT count(*) FILTER (WHERE $3 = false OR read_at IS NULL), count(*) FILTER (WHERE read_at IS NULL) FROM notifications WHERE workspace_id = $1 AND member_id = $2",
                workspaceId, memberId, unreadOnly)
            .FirstOrDefaultAsync(r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken);
        return (items, counts.Item1, counts.Item2);
    }

    /// <summary>Marks one of the member's notifications read (idempotent); null when it is not theirs.</summary>
    public Task<NotificationView?> MarkReadAsync(Guid workspaceId, Guid memberId, Guid notificationId, CancellationToken cancellationToken = default) =>
        db.Command(
                $"UPDATE notifications SET read_at = coalesce(read_at, $4) WHERE workspace_id = $1 AND member_id = $2 AND id = $3 RETURNING {Columns}",
                workspaceId, memberId, notificationId, time.GetUtcNow())
            .FirstOrDefaultAsync(Read, cancellationToken);

    public Task<int> MarkAllReadAsync(Guid workspaceId, Guid memberId, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("UPDATE notifications SET read_at = $3 WHERE workspace_id = $1 AND member_id = $2 AND read_at IS NULL",
            cancellationToken, workspaceId, memberId, time.GetUtcNow());

    private static NotificationView Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4), r.GetNullable<string>(5), r.GetNullable<Guid?>(6), r.GetNullable<Guid?>(7),
        r.IsDBNull(8) ? null : new Actor(r.GetString(8), r.GetGuid(9)), r.GetFieldValue<DateTimeOffset>(10), r.GetNullable<DateTimeOffset?>(11));
}
