using Juxa.Database;
using Npgsql;

namespace Juxa.Identity;

/// <summary>SQL for <c>workspace_members</c>.</summary>
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

    private static MemberInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetGuid(3), r.GetString(4), r.GetNullable<string>(5), r.GetString(6), r.GetFieldValue<DateTimeOffset>(7));
}
