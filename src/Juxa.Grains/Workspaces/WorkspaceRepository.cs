using Juxa.Database;
using Npgsql;

namespace Juxa.Workspaces;

/// <summary>SQL for <c>workspaces</c>.</summary>
public sealed class WorkspaceRepository(NpgsqlDataSource db)
{
    public Task<WorkspaceInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Command("SELECT id, name, created_at, updated_at FROM workspaces WHERE id = $1", id).FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>Sets the name; <c>updated_at</c> moves only when the name changes, as a PATCH that changes nothing changes nothing.</summary>
    public Task<WorkspaceInfo?> RenameAsync(Guid id, string name, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.Command(
                """
                UPDATE workspaces SET name = $2, updated_at = CASE WHEN name = $2 THEN updated_at ELSE $3 END
                WHERE id = $1 RETURNING id, name, created_at, updated_at
                """, id, name, now)
            .FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>Inserts a workspace inside the caller's transaction.</summary>
    public static async Task<WorkspaceInfo> InsertAsync(NpgsqlConnection connection, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workspace = new WorkspaceInfo(Guid.CreateVersion7(), name, now, now);
        await connection.ExecuteAsync("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)",
            cancellationToken, workspace.Id, workspace.Name, now);
        return workspace;
    }

    private static WorkspaceInfo Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<DateTimeOffset>(3));
}
