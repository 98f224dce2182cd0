using Juxa.Database;
using Npgsql;

namespace Juxa.Identity;

/// <summary>SQL for <c>workspace_members</c>. The static methods run inside the caller's transaction.</summary>
public sealed class MemberRepository(NpgsqlDataSource db)
{
    private const string Select =
        """
        SELECT m.id, m.workspace_id, w.name, m.user_id, u.email, u.name, m.role, m.created_at
        FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id JOIN users u ON u.id = m.user_id
        """;

    public Task<MemberInfo?> GetAsync(Guid workspaceId, Guid memberId, CancellationToken cancellationToken = default) =>
        db.Command(Select + " WHERE m.workspace_id = $1 AND m.id = $2", workspaceId, memberId).FirstOrDefaultAsync(Read, cancellationToken);

    public Task<MemberInfo?> FindAsync(Guid workspaceId, Guid userId, CancellationToken cancellationToken = default) =>
        db.Command(Select + " WHERE m.workspace_id = $1 AND m.user_id = $2", workspaceId, userId).FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>Every workspace the user belongs to, oldest membership first.</summary>
    public Task<List<MemberInfo>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Command(Select + " WHERE m.user_id = $1 ORDER BY m.created_at, m.id", userId).ListAsync(Read, cancellationToken);

    /// <summary>Inserts a membership inside the caller's transaction.</summary>
    public static async Task<Guid> InsertAsync(NpgsqlConnection connection, Guid workspaceId, Guid userId, string role, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            "INSERT INTO workspace_members (id, workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4, $5)",
            cancellationToken, id, workspaceId, userId, role, now);
        return id;
    }

    /// <summary>The rows of workspace <c>$1</c>'s member list: its members (rank 0), then its invitations, pending or expired (rank 1).</summary>
    private const string EntriesSql =
        """
        SELECT m.id, 'active' AS status, m.user_id, u.email, u.name, m.role, m.created_at, NULL::timestamptz AS expires_at, 0 AS rank
        FROM workspace_members m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1
        UNION ALL
        SELECT i.id, CASE WHEN i.expires_at > now() THEN 'pending' ELSE 'expired' END, NULL, i.email, NULL, i.role, i.created_at, i.expires_at, 1
        FROM workspace_invitations i
        WHERE i.workspace_id = $1
        """;

    /// <summary>
    /// One page of the workspace's member list: active members first (oldest first), then invitations,
    /// pending or expired (oldest first), with the total of both.
    /// </summary>
    public async Task<(List<WorkspaceMemberEntry> Entries, long Total)> ListEntriesAsync(
        Guid workspaceId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var entries = await db.Command(
                $"""
                SELECT id, status, user_id, email, name, role, created_at, expires_at FROM ({EntriesSql}) e
                ORDER BY rank, created_at, id
                LIMIT $2 OFFSET $3
                """, workspaceId, limit, offset)
            .ListAsync(ReadEntry, cancellationToken);
        var total = await db.Command(
                """
                SELECT (SELECT count(*) FROM workspace_members WHERE workspace_id = $1)
                     + (SELECT count(*) FROM workspace_invitations WHERE workspace_id = $1)
                """, workspaceId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (entries, total);
    }

    /// <summary>One entry of the workspace's member list, a member or an invitation, by its id; null if the workspace has none.</summary>
    public Task<WorkspaceMemberEntry?> FindEntryAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken = default) =>
        db.Command($"SELECT id, status, user_id, email, name, role, created_at, expires_at FROM ({EntriesSql}) e WHERE id = $2", workspaceId, id)
            .FirstOrDefaultAsync(ReadEntry, cancellationToken);

    /// <summary>An active member as a list entry, read inside the caller's transaction.</summary>
    public static Task<WorkspaceMemberEntry?> GetEntryAsync(NpgsqlConnection connection, Guid workspaceId, Guid memberId, CancellationToken cancellationToken) =>
        connection.Command(
                """
                SELECT m.id, 'active', m.user_id, u.email, u.name, m.role, m.created_at, NULL::timestamptz
                FROM workspace_members m JOIN users u ON u.id = m.user_id
                WHERE m.workspace_id = $1 AND m.id = $2
                """, workspaceId, memberId)
            .FirstOrDefaultAsync(ReadEntry, cancellationToken);

    /// <summary>Whether the user with this email (case-insensitive) is a member of the workspace, read inside the caller's transaction.</summary>
    public static async Task<bool> HasMemberWithEmailAsync(NpgsqlConnection connection, Guid workspaceId, string email, CancellationToken cancellationToken) =>
        await connection.Command(
                "SELECT EXISTS (SELECT FROM workspace_members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND u.email_normalized = $2)",
                workspaceId, UserRepository.Normalize(email))
            .FirstOrDefaultAsync(r => r.GetBoolean(0), cancellationToken);

    /// <summary>Inserts a membership inside the caller's transaction; null when the user is already a member.</summary>
    public static Task<Guid?> InsertIfAbsentAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid userId, string role, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Command(
                """
                INSERT INTO workspace_members (id, workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (workspace_id, user_id) DO NOTHING RETURNING id
                """, Guid.CreateVersion7(), workspaceId, userId, role, now)
            .FirstOrDefaultAsync(r => (Guid?)r.GetGuid(0), cancellationToken);

    /// <summary>
    /// Locks the workspace's admin rows (in id order, so that concurrent callers cannot deadlock) and
    /// returns their ids. A second transaction doing the same waits here and then sees the first one's
    /// committed roles, which makes the last-admin check and the change that follows race-free.
    /// </summary>
    public static Task<List<Guid>> LockAdminsAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken cancellationToken) =>
        connection.Command("SELECT id FROM workspace_members WHERE workspace_id = $1 AND role = 'admin' ORDER BY id FOR UPDATE", workspaceId)
            .ListAsync(r => r.GetGuid(0), cancellationToken);

    /// <summary>Locks one member row of the workspace and returns its role; null when there is no such member.</summary>
    public static Task<string?> LockAsync(NpgsqlConnection connection, Guid workspaceId, Guid memberId, CancellationToken cancellationToken) =>
        connection.Command("SELECT role FROM workspace_members WHERE workspace_id = $1 AND id = $2 FOR UPDATE", workspaceId, memberId)
            .FirstOrDefaultAsync(r => r.GetString(0), cancellationToken);

    public static Task<int> UpdateRoleAsync(NpgsqlConnection connection, Guid workspaceId, Guid memberId, string role, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("UPDATE workspace_members SET role = $3 WHERE workspace_id = $1 AND id = $2", cancellationToken, workspaceId, memberId, role);

    public static Task<int> DeleteAsync(NpgsqlConnection connection, Guid workspaceId, Guid memberId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("DELETE FROM workspace_members WHERE workspace_id = $1 AND id = $2", cancellationToken, workspaceId, memberId);

    private static WorkspaceMemberEntry ReadEntry(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetNullable<Guid?>(2), r.GetString(3), r.GetNullable<string>(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7));

    private static MemberInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetGuid(3), r.GetString(4), r.GetNullable<string>(5), r.GetString(6), r.GetFieldValue<DateTimeOffset>(7));
}
