using Juxa.Database;
using Npgsql;

namespace Juxa.Apps;

/// <summary>SQL for <c>embed_tokens</c>. Writes to one token go through its <see cref="EmbedTokenGrain"/>, except revocation on uninstall and the purge.</summary>
public sealed class EmbedTokenRepository(NpgsqlDataSource db)
{
    public Task<EmbedTokenRow?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default) =>
        db.Command(
                """
                SELECT t.id, t.token_hash, t.workspace_id, t.installation_id, t.member_id, m.user_id, t.scopes, t.expires_at, t.revoked_at,
                       i.uninstalled_at IS NULL
                FROM embed_tokens t
                JOIN workspace_members m ON m.id = t.member_id
                JOIN app_installations i ON i.id = t.installation_id
                WHERE t.token_hash = $1
                """, tokenHash)
            .FirstOrDefaultAsync(r => new EmbedTokenRow(
                r.GetGuid(0), r.GetFieldValue<byte[]>(1), r.GetGuid(2), r.GetGuid(3), r.GetGuid(4), r.GetGuid(5), r.GetFieldValue<string[]>(6),
                r.GetFieldValue<DateTimeOffset>(7), r.GetNullable<DateTimeOffset?>(8), r.GetBoolean(9)), cancellationToken);

    /// <summary>
    /// Inserts a token if its installation is live in its workspace; false otherwise (or when the hash
    /// exists). The installation row is share-locked for the statement, so an uninstall either waits
    /// for this token (and then revokes it) or has already committed (and no token is inserted).
    /// </summary>
    public async Task<bool> InsertAsync(Guid id, byte[] tokenHash, NewEmbedToken token, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await db.ExecuteAsync(
            """
            WITH live AS (
                SELECT id FROM app_installations WHERE id = $4 AND workspace_id = $3 AND uninstalled_at IS NULL FOR SHARE)
            INSERT INTO embed_tokens (id, token_hash, workspace_id, installation_id, member_id, scopes, created_at, expires_at)
            SELECT $1, $2, $3, live.id, $5, $6, $7, $8 FROM live
            ON CONFLICT (token_hash) DO NOTHING
            """,
            cancellationToken, id, tokenHash, token.WorkspaceId, token.InstallationId, token.MemberId, token.Scopes.ToArray(), now, token.ExpiresAt) == 1;

    public Task RevokeAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("UPDATE embed_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE token_hash = $1", cancellationToken, tokenHash, now);

    /// <summary>Deletes tokens that expired before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> PurgeExpiredAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("DELETE FROM embed_tokens WHERE expires_at < $1", cancellationToken, cutoff);
}
