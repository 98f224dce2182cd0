using Juxa.Database;
using Npgsql;
using NpgsqlTypes;

namespace Juxa.Handoffs;

/// <summary>SQL for <c>handoffs</c>. Every write goes through the token's <see cref="HandoffGrain"/>, except the purge.</summary>
public sealed class HandoffRepository(NpgsqlDataSource db)
{
    public Task<HandoffRow?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default) =>
        db.Command("SELECT id, token_hash, workspace_id, user_id, expires_at, consumed_at FROM handoffs WHERE token_hash = $1", tokenHash)
            .FirstOrDefaultAsync(ReadRow, cancellationToken);

    /// <summary>Inserts a handoff; false when one with this hash already exists.</summary>
    public async Task<bool> InsertAsync(HandoffRow row, Guid? apiKeyId, string payloadJson, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = db.Command(
            """
            INSERT INTO handoffs (id, token_hash, workspace_id, user_id, minted_by_api_key_id, payload, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (token_hash) DO NOTHING
            """,
            row.Id, row.TokenHash, row.WorkspaceId, row.UserId, apiKeyId, payloadJson, now, row.ExpiresAt);
        command.Parameters[5].NpgsqlDbType = NpgsqlDbType.Jsonb;
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Marks the handoff consumed if it is still live and returns its payload, forgetting it in the
    /// same statement (the document has been delivered; nothing needs it again). Null when it was
    /// already consumed or has expired.
    /// </summary>
    public Task<string?> ConsumeAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.Command(
            """
            WITH live AS (
                SELECT id, payload FROM handoffs WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2 FOR UPDATE)
            UPDATE handoffs h SET consumed_at = $2, payload = '{}'::jsonb
            FROM live WHERE h.id = live.id
            RETURNING live.payload::text
            """, tokenHash, now).FirstOrDefaultAsync(r => r.GetString(0), cancellationToken);

    /// <summary>Deletes handoffs that expired before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> PurgeExpiredAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("DELETE FROM handoffs WHERE expires_at < $1", cancellationToken, cutoff);

    private static HandoffRow ReadRow(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetFieldValue<byte[]>(1), r.GetGuid(2), r.GetGuid(3), r.GetFieldValue<DateTimeOffset>(4), r.GetNullable<DateTimeOffset?>(5));
}
