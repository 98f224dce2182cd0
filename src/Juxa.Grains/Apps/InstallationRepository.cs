using Juxa.Database;
using Juxa.Errors;
using Npgsql;

namespace Juxa.Apps;

/// <summary>
/// SQL for <c>app_installations</c>. Uninstalling keeps the row (usage and missions still point at
/// it) and marks it; only live installations are listed, found, or accept embed tokens.
/// </summary>
public sealed class InstallationRepository(NpgsqlDataSource db, TimeProvider time)
{
    private const string Select =
        "SELECT i.id, i.workspace_id, i.installed_by_member_id, i.installed_at, " + AppRepository.Columns +
        " FROM app_installations i JOIN apps a ON a.id = i.app_id";

    public async Task<(List<Installation> Installations, long Total)> ListAsync(Guid workspaceId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var installations = await db.Command(
                Select + " WHERE i.workspace_id = $1 AND i.uninstalled_at IS NULL ORDER BY i.installed_at DESC, i.id DESC LIMIT $2 OFFSET $3",
                workspaceId, limit, offset)
            .ListAsync(Read, cancellationToken);
        var total = await db.Command("SELECT count(*) FROM app_installations WHERE workspace_id = $1 AND uninstalled_at IS NULL", workspaceId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (installations, total);
    }

    /// <summary>A live installation of this workspace, or null (another workspace's looks the same as none).</summary>
    public Task<Installation?> GetAsync(Guid workspaceId, Guid installationId, CancellationToken cancellationToken = default) =>
        db.Command(Select + " WHERE i.workspace_id = $1 AND i.id = $2 AND i.uninstalled_at IS NULL", workspaceId, installationId)
            .FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>Whether the installation is this workspace's, live or uninstalled (its usage outlives it).</summary>
    public Task<bool> ExistsAsync(Guid workspaceId, Guid installationId, CancellationToken cancellationToken = default) =>
        db.Command("SELECT EXISTS (SELECT 1 FROM app_installations WHERE workspace_id = $1 AND id = $2)", workspaceId, installationId)
            .FirstOrDefaultAsync(r => r.GetBoolean(0), cancellationToken);

    /// <summary>Installs a catalog app; 404 for an unknown app, 409 when it is already installed here.</summary>
    public async Task<Installation> InstallAsync(Guid workspaceId, Guid appId, Guid? memberId, CancellationToken cancellationToken = default)
    {
        // The partial unique index on live (workspace_id, app_id) turns a second install, even a racing one, into no row.
        var id = await db.Command(
                """
                INSERT INTO app_installations (id, workspace_id, app_id, installed_by_member_id, installed_at)
                SELECT $1, $2, a.id, $4, $5 FROM apps a WHERE a.id = $3
                ON CONFLICT DO NOTHING
                RETURNING id
                """, Guid.CreateVersion7(), workspaceId, appId, memberId, time.GetUtcNow())
            .FirstOrDefaultAsync(r => (Guid?)r.GetGuid(0), cancellationToken);
        if (id is null)
        {
            var exists = await db.Command("SELECT EXISTS (SELECT 1 FROM apps WHERE id = $1)", appId).FirstOrDefaultAsync(r => r.GetBoolean(0), cancellationToken);
            throw exists ? JuxaException.Conflict("This app is already installed in this workspace.") : JuxaException.NotFound("App");
        }

        return (await GetAsync(workspaceId, id.Value, cancellationToken))!;
    }

    /// <summary>
    /// Uninstalls and revokes every embed token of the installation in one transaction, returning the
    /// hashes of the tokens that were still live (so their grains can drop them at once); null when
    /// there is no such live installation in this workspace. The installation row's lock orders this
    /// against a concurrent mint (see <see cref="EmbedTokenRepository.InsertAsync"/>): no token outlives it.
    /// </summary>
    public async Task<List<byte[]>?> UninstallAsync(Guid workspaceId, Guid installationId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteAsync(
                "UPDATE app_installations SET uninstalled_at = $3 WHERE workspace_id = $1 AND id = $2 AND uninstalled_at IS NULL",
                cancellationToken, workspaceId, installationId, now) == 0)
        {
            return null;
        }

        var revoked = await connection.Command(
                "UPDATE embed_tokens SET revoked_at = $2 WHERE installation_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING token_hash",
                installationId, now)
            .ListAsync(r => r.GetFieldValue<byte[]>(0), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return revoked;
    }

    private static Installation Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), AppRepository.Read(r, 4), r.GetNullable<Guid?>(2), r.GetFieldValue<DateTimeOffset>(3));
}
