using Juxa.Database;
using Juxa.Security;
using Npgsql;

namespace Juxa.Identity;

/// <summary>
/// Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so
/// revoking a row ends the session at once on every node. A session is read on each cookie
/// request by its unique hash index (one round trip, well under a millisecond), which is why
/// sessions need no grain.
/// </summary>
public sealed class SessionRepository(NpgsqlDataSource db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>Creates a session and returns its token, which is shown once (in the cookie) and never stored.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> CreateAsync(Guid userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.Generate(SecretTokens.SessionPrefix);
        var now = time.GetUtcNow();
        var expiresAt = now + Lifetime;
        await db.ExecuteAsync(
            "INSERT INTO sessions (id, token_hash, user_id, workspace_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
            cancellationToken, Guid.CreateVersion7(), SecretTokens.Hash(token), userId, workspaceId, now, expiresAt);
        return (token, expiresAt);
    }

    /// <summary>The live session for this token, with the membership it acts through; null if unknown, expired, revoked or no longer a member.</summary>
    public Task<SessionInfo?> FindActiveAsync(string token, CancellationToken cancellationToken = default) =>
        db.Command(
            """
            SELECT s.id, s.user_id, s.workspace_id, m.id, m.role, u.is_platform_operator, s.expires_at
            FROM sessions s
            JOIN users u ON u.id = s.user_id
            JOIN workspace_members m ON m.workspace_id = s.workspace_id AND m.user_id = s.user_id
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
            """, SecretTokens.Hash(token), time.GetUtcNow())
            .FirstOrDefaultAsync(ReadSession, cancellationToken);

    public Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("UPDATE sessions SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1", cancellationToken, sessionId, time.GetUtcNow());

    /// <summary>Ends the session with this token, whoever's it is, if it is still live; an unknown token changes nothing.</summary>
    public Task RevokeTokenAsync(string token, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("UPDATE sessions SET revoked_at = coalesce(revoked_at, $2) WHERE token_hash = $1", cancellationToken, SecretTokens.Hash(token), time.GetUtcNow());

    /// <summary>
    /// Deletes the sessions that ended (logged out or expired) before <paramref name="cutoff"/>; returns how many. They
    /// authorize nothing any more, and every sign-in adds a row.
    /// </summary>
    public Task<int> PurgeEndedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1", cancellationToken, cutoff);

    /// <summary>
    /// Moves a live session to another workspace of its user and returns it as it now acts; null (and
    /// nothing changed) when the user is not a member there. The membership check and the move are
    /// one statement, so no caller can forget the check; and like any session, the switched one stays
    /// valid only while that membership exists (see <see cref="FindActiveAsync"/>).
    /// </summary>
    public Task<SessionInfo?> SwitchWorkspaceAsync(Guid sessionId, Guid workspaceId, CancellationToken cancellationToken = default) =>
        db.Command(
            """
            UPDATE sessions s SET workspace_id = m.workspace_id
            FROM workspace_members m JOIN users u ON u.id = m.user_id
            WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $3 AND m.workspace_id = $2 AND m.user_id = s.user_id
            RETURNING s.id, s.user_id, s.workspace_id, m.id, m.role, u.is_platform_operator, s.expires_at
            """, sessionId, workspaceId, time.GetUtcNow())
            .FirstOrDefaultAsync(ReadSession, cancellationToken);

    private static SessionInfo ReadSession(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetGuid(3), r.GetString(4), r.GetBoolean(5), r.GetFieldValue<DateTimeOffset>(6));
}
