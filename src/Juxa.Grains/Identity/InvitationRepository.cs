using Juxa.Database;
using Juxa.Records;
using Npgsql;

namespace Juxa.Identity;

/// <summary>
/// SQL for <c>workspace_invitations</c>. Every statement runs inside the caller's transaction,
/// because an invitation is only ever written together with the membership change around it.
/// </summary>
public static class InvitationRepository
{
    private const string Columns = "id, workspace_id, email, role, invited_by_type, invited_by_id, created_at, expires_at";

    /// <summary>
    /// Inserts an invitation with its token's hash, valid until <paramref name="expiresAt"/>. An expired invitation of the
    /// same email is replaced (same id, new token, role and times); null when the email already has a live one here.
    /// </summary>
    public static Task<InvitationInfo?> InsertAsync(
        NpgsqlConnection connection, Guid workspaceId, string email, string role, byte[] tokenHash, Actor? invitedBy, DateTimeOffset now,
        DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        connection.Command(
                $"""
                INSERT INTO workspace_invitations AS i
                    (id, workspace_id, email, email_normalized, role, token_hash, invited_by_type, invited_by_id, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (workspace_id, email_normalized) DO UPDATE
                    SET email = EXCLUDED.email, role = EXCLUDED.role, token_hash = EXCLUDED.token_hash, invited_by_type = EXCLUDED.invited_by_type,
                        invited_by_id = EXCLUDED.invited_by_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
                    WHERE i.expires_at <= EXCLUDED.created_at
                RETURNING {Columns}
                """,
                Guid.CreateVersion7(), workspaceId, email, UserRepository.Normalize(email), role, tokenHash, invitedBy?.Type, invitedBy?.Id, now, expiresAt)
            .FirstOrDefaultAsync(Read, cancellationToken);

    public static Task<InvitationInfo?> UpdateRoleAsync(NpgsqlConnection connection, Guid workspaceId, Guid invitationId, string role, CancellationToken cancellationToken) =>
        connection.Command($"UPDATE workspace_invitations SET role = $3 WHERE workspace_id = $1 AND id = $2 RETURNING {Columns}", workspaceId, invitationId, role)
            .FirstOrDefaultAsync(Read, cancellationToken);

    public static Task<InvitationInfo?> DeleteAsync(NpgsqlConnection connection, Guid workspaceId, Guid invitationId, CancellationToken cancellationToken) =>
        connection.Command($"DELETE FROM workspace_invitations WHERE workspace_id = $1 AND id = $2 RETURNING {Columns}", workspaceId, invitationId)
            .FirstOrDefaultAsync(Read, cancellationToken);

    /// <summary>
    /// Deletes and returns the live invitation with this token's hash, if it was sent to this email, for the caller to
    /// turn into a membership. The lookup is by hash (a unique index), so no token is compared byte by byte; the
    /// delete locks the row, so two requests with one token cannot both accept it.
    /// </summary>
    public static Task<InvitationInfo?> TakeAsync(NpgsqlConnection connection, byte[] tokenHash, string email, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Command($"DELETE FROM workspace_invitations WHERE token_hash = $1 AND email_normalized = $2 AND expires_at > $3 RETURNING {Columns}",
                tokenHash, UserRepository.Normalize(email), now)
            .FirstOrDefaultAsync(Read, cancellationToken);

    private static InvitationInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : new Actor(r.GetString(4), r.GetGuid(5)), r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7));
}
