using Juxa.Database;
using Npgsql;

namespace Juxa.ApiKeys;

/// <summary>SQL for <c>api_keys</c>. Writes to one key go through its <see cref="ApiKeyGrain"/>; listing reads here directly.</summary>
public sealed class ApiKeyRepository(NpgsqlDataSource db)
{
    private const string SelectRow =
        """
        SELECT k.id, k.workspace_id, k.name, k.token_hash, k.token_prefix, k.scopes, k.created_by_member_id,
               m.user_id, m.role, k.rate_limit_per_minute, k.created_at, k.expires_at, k.revoked_at, k.last_used_at
        FROM api_keys k LEFT JOIN workspace_members m ON m.id = k.created_by_member_id
        """;

    public Task<ApiKeyRow?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default) =>
        db.Command(SelectRow + " WHERE k.token_hash = $1", tokenHash).FirstOrDefaultAsync(ReadRow, cancellationToken);

    /// <summary>A key of this workspace as it may be shown; null when the workspace has none with this id.</summary>
    public async Task<ApiKeyInfo?> FindAsync(Guid workspaceId, Guid keyId, CancellationToken cancellationToken = default) =>
        (await db.Command(SelectRow + " WHERE k.workspace_id = $1 AND k.id = $2", workspaceId, keyId).FirstOrDefaultAsync(ReadRow, cancellationToken))?.ToInfo();

    /// <summary>The hash of a key in this workspace, so that it can be revoked through its grain.</summary>
    public async Task<byte[]?> FindHashAsync(Guid workspaceId, Guid keyId, CancellationToken cancellationToken = default) =>
        await db.Command("SELECT token_hash FROM api_keys WHERE workspace_id = $1 AND id = $2", workspaceId, keyId)
            .FirstOrDefaultAsync(r => r.GetFieldValue<byte[]>(0), cancellationToken);

    /// <summary>
    /// The hashes of the live (not revoked) keys a member created in this workspace, so that their grains can be told
    /// at once when the member's role changes (see <see cref="IApiKeyGrain.RefreshAsync"/>).
    /// </summary>
    public Task<List<byte[]>> ListLiveHashesByCreatorAsync(Guid workspaceId, Guid memberId, CancellationToken cancellationToken = default) =>
        db.Command("SELECT token_hash FROM api_keys WHERE workspace_id = $1 AND created_by_member_id = $2 AND revoked_at IS NULL", workspaceId, memberId)
            .ListAsync(r => r.GetFieldValue<byte[]>(0), cancellationToken);

    public async Task<(List<ApiKeyInfo> Keys, long Total)> ListAsync(Guid workspaceId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var keys = await db.Command(SelectRow + " WHERE k.workspace_id = $1 ORDER BY k.created_at DESC, k.id LIMIT $2 OFFSET $3", workspaceId, limit, offset)
            .ListAsync(r => ReadRow(r).ToInfo(), cancellationToken);
        var total = await db.Command("SELECT count(*) FROM api_keys WHERE workspace_id = $1", workspaceId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (keys, total);
    }

    /// <summary>Inserts a key; false when a key with this hash already exists.</summary>
    public async Task<bool> InsertAsync(Guid id, byte[] tokenHash, NewApiKey key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(connection, id, tokenHash, key, now, cancellationToken);
    }

    /// <summary>Inserts a key inside the caller's transaction; false when a key with this hash already exists.</summary>
    public static async Task<bool> InsertAsync(NpgsqlConnection connection, Guid id, byte[] tokenHash, NewApiKey key, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(
            """
            INSERT INTO api_keys (id, workspace_id, name, token_hash, token_prefix, scopes, created_by_member_id,
                                  rate_limit_per_minute, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (token_hash) DO NOTHING
            """,
            cancellationToken, id, key.WorkspaceId, key.Name, tokenHash, key.Prefix, key.Scopes.ToArray(), key.CreatedByMemberId,
            key.RateLimitPerMinute, now, key.ExpiresAt) == 1;

    public Task RevokeAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE token_hash = $1", cancellationToken, tokenHash, now);

    public Task TouchAsync(byte[] tokenHash, DateTimeOffset lastUsedAt, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("UPDATE api_keys SET last_used_at = $2 WHERE token_hash = $1", cancellationToken, tokenHash, lastUsedAt);

    private static ApiKeyRow ReadRow(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetFieldValue<byte[]>(3), r.GetString(4), r.GetFieldValue<string[]>(5),
        r.GetNullable<Guid?>(6), r.GetNullable<Guid?>(7), r.GetNullable<string>(8), r.GetNullable<int?>(9),
        r.GetFieldValue<DateTimeOffset>(10), r.GetNullable<DateTimeOffset?>(11), r.GetNullable<DateTimeOffset?>(12), r.GetNullable<DateTimeOffset?>(13));
}
